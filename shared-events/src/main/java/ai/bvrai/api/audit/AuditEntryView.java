package ai.bvrai.api.audit;

import java.time.Instant;
import java.util.List;

/**
 * One event of the event store, told for people.
 *
 * @param entity        {@code agent:{id}}, {@code call:{id}} or {@code organization:{id}}: what the event is about
 * @param actorUserId   who caused it (null for the platform itself, e.g. a deadline)
 * @param actorName     the actor's display name from the identity provider (null when unknown)
 * @param action        what happened, in words
 * @param changes       the changed fields for configuration changes, else empty
 * @param correlationId groups the entries one request caused
 */
public record AuditEntryView(long position, Instant at, String entity, String eventType, String action,
                             String actorUserId, String actorName, String organizationId,
                             List<FieldChange> changes, String correlationId) {

    public AuditEntryView {
        changes = List.copyOf(changes);
    }
}
