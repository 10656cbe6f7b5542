package ai.bvrai.query.telephony;

import ai.bvrai.api.telephony.FindPhoneNumberQuery;
import ai.bvrai.api.telephony.FindPhoneNumbersQuery;
import ai.bvrai.api.telephony.PhoneNumberAttachedEvent;
import ai.bvrai.api.telephony.PhoneNumberDetachedEvent;
import ai.bvrai.api.telephony.PhoneNumberView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The attached phone numbers: one row per attachment, gone once detached. Idempotent (an attachment seen before is
 * skipped), so redelivery and replay are safe. The telephony webhooks find a number's organization and agent here.
 */
@Component
@ProcessingGroup(PhoneNumberProjection.PROCESSING_GROUP)
class PhoneNumberProjection {

    static final String PROCESSING_GROUP = "phone-number-projection";

    private static final RowMapper<PhoneNumberView> VIEW = (row, i) -> new PhoneNumberView(
            row.getString("phone_number_id"), row.getString("organization_id"), row.getString("number"),
            row.getString("agent_id"), row.getTimestamp("attached_at").toInstant(), row.getLong("revision"));

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter updates;

    PhoneNumberProjection(JdbcClient jdbc, QueryUpdateEmitter updates) {
        this.jdbc = jdbc;
        this.updates = updates;
    }

    @EventHandler
    void on(PhoneNumberAttachedEvent event, @SequenceNumber long revision, @org.axonframework.eventhandling.Timestamp Instant at) {
        int inserted = jdbc.sql("""
                        INSERT INTO phone_number_view (phone_number_id, organization_id, number, agent_id, attached_at, revision)
                        VALUES (:id, :organization, :number, :agent, :at, :revision)
                        ON CONFLICT DO NOTHING""")
                .param("id", event.phoneNumberId())
                .param("organization", event.organizationId())
                .param("number", event.number())
                .param("agent", event.agentId())
                .param("at", Timestamp.from(at))
                .param("revision", revision)
                .update();
        if (inserted > 0) {
            PhoneNumberView view = new PhoneNumberView(event.phoneNumberId(), event.organizationId(), event.number(),
                    event.agentId(), at, revision);
            updates.emit(FindPhoneNumberQuery.class, query -> query.number().equals(view.number()), view);
        }
    }

    @EventHandler
    void on(PhoneNumberDetachedEvent event) {
        jdbc.sql("DELETE FROM phone_number_view WHERE phone_number_id = :id").param("id", event.phoneNumberId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM phone_number_view").update();
    }

    @QueryHandler
    PhoneNumberView handle(FindPhoneNumberQuery query) {
        return jdbc.sql("SELECT * FROM phone_number_view WHERE number = :number").param("number", query.number())
                .query(VIEW).optional().orElse(null);
    }

    @QueryHandler
    List<PhoneNumberView> handle(FindPhoneNumbersQuery query) {
        return jdbc.sql("SELECT * FROM phone_number_view WHERE organization_id = :organization ORDER BY number")
                .param("organization", query.organizationId()).query(VIEW).list();
    }
}
