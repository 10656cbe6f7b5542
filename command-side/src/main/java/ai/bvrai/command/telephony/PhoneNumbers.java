package ai.bvrai.command.telephony;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.telephony.PhoneNumberAttachedEvent;
import ai.bvrai.api.telephony.PhoneNumberDetachedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The set-based rule "a phone number belongs to one organization" (across all organizations, as long as it is
 * attached). The command handler asks {@link #requireAvailable} for a clear error; this subscribing handler writes
 * the number in the command's own transaction, where the table's primary key settles races between nodes.
 */
@Component
@ProcessingGroup(PhoneNumbers.PROCESSING_GROUP)
class PhoneNumbers {

    static final String PROCESSING_GROUP = "phone-numbers";

    private final JdbcClient jdbc;

    PhoneNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void requireAvailable(String number) {
        boolean taken = jdbc.sql("SELECT count(*) FROM phone_number WHERE number = :number")
                .param("number", number).query(Long.class).single() > 0;
        if (taken) {
            throw taken(number);
        }
    }

    @EventHandler
    void on(PhoneNumberAttachedEvent event) {
        try {
            jdbc.sql("INSERT INTO phone_number (number, phone_number_id, organization_id) VALUES (:number, :id, :organization)")
                    .param("number", event.number())
                    .param("id", event.phoneNumberId())
                    .param("organization", event.organizationId())
                    .update();
        } catch (DuplicateKeyException e) {
            throw taken(event.number());
        }
    }

    @EventHandler
    void on(PhoneNumberDetachedEvent event) {
        jdbc.sql("DELETE FROM phone_number WHERE phone_number_id = :id").param("id", event.phoneNumberId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM phone_number").update();
    }

    private static DomainException taken(String number) {
        return new DomainException(ErrorCode.PHONE_NUMBER_TAKEN, "The phone number " + number + " is already attached.");
    }
}
