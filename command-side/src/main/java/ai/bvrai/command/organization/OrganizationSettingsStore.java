package ai.bvrai.command.organization;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The {@code organization_settings} table: written by the organization's command handler in the transaction of the
 * event, read when a call is started (it pins the time zone).
 */
@Component
public class OrganizationSettingsStore {

    /** The time zone of an organization that never chose one. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    private final JdbcClient jdbc;

    OrganizationSettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void store(String organizationId, String timeZone) {
        jdbc.sql("""
                        INSERT INTO organization_settings (organization_id, time_zone, updated_at)
                        VALUES (:organization, :timeZone, now())
                        ON CONFLICT (organization_id) DO UPDATE SET time_zone = excluded.time_zone,
                            updated_at = excluded.updated_at""")
                .param("organization", organizationId)
                .param("timeZone", timeZone)
                .update();
    }

    /** The organization's time zone (IANA id), {@value #DEFAULT_TIME_ZONE} until it sets one. */
    public String timeZone(String organizationId) {
        Optional<String> zone = jdbc.sql("SELECT time_zone FROM organization_settings WHERE organization_id = :organization")
                .param("organization", organizationId)
                .query(String.class)
                .optional();
        return zone.orElse(DEFAULT_TIME_ZONE);
    }
}
