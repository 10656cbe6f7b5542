package ai.bvrai.api.audit;

import java.time.Instant;

/**
 * A page of the audit timeline of one entity in the organization, newest first.
 *
 * @param from only entries at or after this instant (null: no bound)
 * @param to   only entries before this instant (null: no bound)
 */
public record FindAuditEntriesQuery(String organizationId, AuditEntityType entityType, String entityId,
                                    Instant from, Instant to, int page, int size) {
}
