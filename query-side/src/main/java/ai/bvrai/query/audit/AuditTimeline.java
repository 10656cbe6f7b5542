package ai.bvrai.query.audit;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.audit.AuditEntityType;
import ai.bvrai.api.audit.AuditEntryView;
import ai.bvrai.api.audit.AuditPage;
import ai.bvrai.api.audit.FieldChange;
import ai.bvrai.api.audit.FindAuditEntriesQuery;
import ai.bvrai.api.call.CallRequestedEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The audit timeline, read from the event store itself — not from a projection — so it is exactly what happened:
 * who (the {@code userId} metadata, its display name from Keycloak), for which organization, when (the event
 * timestamp), what (the event in words; a field diff against the previous configuration for configuration
 * changes) and within which request ({@code correlationId}).
 * <p>
 * Agent and call timelines are the aggregate's event stream ({@link EventStore#readEvents}, so they work on every
 * event store); whose they are is decided by the stream's first event (the owning organization is domain data),
 * and another organization's entity looks like a missing one. A user's timeline is the events whose metadata
 * names the user and the caller's organization, found with a query over the JDBC event table (no index on the
 * metadata yet: a scan, fine for thousands of events, not for millions).
 */
@Component
class AuditTimeline {

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final UserNames names;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    AuditTimeline(EventStore eventStore, JdbcTemplate jdbc, org.axonframework.config.Configuration axon,
                  UserNames names) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.serializer = axon.eventSerializer();
        this.names = names;
    }

    /** The page, or null when the entity is unknown in the organization. */
    @QueryHandler
    AuditPage handle(FindAuditEntriesQuery query) {
        return query.entityType() == AuditEntityType.USER ? userTimeline(query) : aggregateTimeline(query);
    }

    private AuditPage aggregateTimeline(FindAuditEntriesQuery query) {
        List<? extends DomainEventMessage<?>> events = eventStore.readEvents(query.entityId()).asStream().toList();
        if (events.isEmpty() || !Objects.equals(owner(events.getFirst().getPayload(), query.entityType()),
                query.organizationId())) {
            return null;
        }
        Map<Long, AgentConfiguration> previous = new HashMap<>();
        AgentConfiguration configuration = null;
        for (DomainEventMessage<?> event : events) {
            previous.put(event.getSequenceNumber(), configuration);
            configuration = configurationAfter(event.getPayload(), configuration);
        }
        List<AuditEntryView> matching = new ArrayList<>();
        for (int i = events.size() - 1; i >= 0; i--) {
            DomainEventMessage<?> event = events.get(i);
            if (inRange(event.getTimestamp(), query)) {
                matching.add(entry(event.getSequenceNumber(), event.getAggregateIdentifier(), event.getTimestamp(),
                        event.getPayload(), event.getMetaData(), previous.get(event.getSequenceNumber())));
            }
        }
        int fromIndex = Math.min(matching.size(), query.page() * query.size());
        int toIndex = Math.min(matching.size(), fromIndex + query.size());
        return page(matching.subList(fromIndex, toIndex), query, matching.size());
    }

    private AuditPage userTimeline(FindAuditEntriesQuery query) {
        StringBuilder where = new StringBuilder(" FROM domain_event_entry WHERE "
                + "convert_from(meta_data, 'UTF8')::jsonb ->> '" + MetadataKeys.USER_ID + "' = ? AND "
                + "convert_from(meta_data, 'UTF8')::jsonb ->> '" + MetadataKeys.ORGANIZATION_ID + "' = ?");
        List<Object> args = new ArrayList<>(List.of(query.entityId(), query.organizationId()));
        if (query.from() != null) {
            where.append(" AND time_stamp::timestamptz >= ?");
            args.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND time_stamp::timestamptz < ?");
            args.add(Timestamp.from(query.to()));
        }
        Long total = jdbc.queryForObject("SELECT count(*)" + where, Long.class, args.toArray());
        if (total == null || total == 0) {
            Long any = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE "
                    + "convert_from(meta_data, 'UTF8')::jsonb ->> '" + MetadataKeys.USER_ID + "' = ? AND "
                    + "convert_from(meta_data, 'UTF8')::jsonb ->> '" + MetadataKeys.ORGANIZATION_ID + "' = ?",
                    Long.class, query.entityId(), query.organizationId());
            return any == null || any == 0 ? null : page(List.of(), query, 0);
        }
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.size());
        pageArgs.add((long) query.page() * query.size());
        record Row(long sequence, String aggregateId, Instant at, Object payload, MetaData metaData) {
        }
        List<Row> rows = jdbc.query("SELECT sequence_number, aggregate_identifier, time_stamp, payload_type, "
                        + "payload_revision, payload, meta_data" + where + " ORDER BY global_index DESC LIMIT ? OFFSET ?",
                (rs, n) -> new Row(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                        serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(6), byte[].class,
                                rs.getString(4), rs.getString(5))),
                        serializer.deserialize(new SerializedMetaData<>(rs.getBytes(7), byte[].class))),
                pageArgs.toArray());
        Map<String, Map<Long, AgentConfiguration>> configurations = new HashMap<>();
        List<AuditEntryView> entries = rows.stream().map(row -> entry(row.sequence(), row.aggregateId(), row.at(),
                row.payload(), row.metaData(), row.payload() instanceof AgentConfigurationChangedEvent
                        ? configurations.computeIfAbsent(row.aggregateId(), this::configurationsBefore).get(row.sequence())
                        : null)).toList();
        return page(entries, query, total);
    }

    /** For each sequence number of the agent, its configuration before that event. */
    private Map<Long, AgentConfiguration> configurationsBefore(String agentId) {
        Map<Long, AgentConfiguration> before = new HashMap<>();
        AgentConfiguration configuration = null;
        Iterator<? extends DomainEventMessage<?>> events = eventStore.readEvents(agentId).asStream().iterator();
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            before.put(event.getSequenceNumber(), configuration);
            configuration = configurationAfter(event.getPayload(), configuration);
        }
        return before;
    }

    private static AgentConfiguration configurationAfter(Object payload, AgentConfiguration current) {
        return switch (payload) {
            case AgentCreatedEvent created -> created.configuration();
            case AgentConfigurationChangedEvent changed -> changed.configuration();
            default -> current;
        };
    }

    private static String owner(Object first, AuditEntityType type) {
        return switch (first) {
            case AgentCreatedEvent created when type == AuditEntityType.AGENT -> created.organizationId();
            case CallRequestedEvent requested when type == AuditEntityType.CALL -> requested.organizationId();
            default -> null;
        };
    }

    private static boolean inRange(Instant at, FindAuditEntriesQuery query) {
        return (query.from() == null || !at.isBefore(query.from())) && (query.to() == null || at.isBefore(query.to()));
    }

    private AuditEntryView entry(long sequence, String aggregateId, Instant at, Object payload, MetaData metaData,
                                 AgentConfiguration before) {
        String userId = string(metaData.get(MetadataKeys.USER_ID));
        List<FieldChange> changes = payload instanceof AgentConfigurationChangedEvent changed
                ? diff(before, changed.configuration()) : List.of();
        return new AuditEntryView(sequence, at, AuditActions.entity(payload, aggregateId),
                payload.getClass().getSimpleName(), AuditActions.describe(payload, changes), userId, names.of(userId),
                string(metaData.get(MetadataKeys.ORGANIZATION_ID)), changes,
                string(metaData.get(MetadataKeys.CORRELATION_ID)));
    }

    /** The fields that differ, by JSON path (nested objects and maps key by key, lists as a whole). */
    List<FieldChange> diff(AgentConfiguration before, AgentConfiguration after) {
        List<FieldChange> changes = new ArrayList<>();
        diff("", before == null ? null : json.valueToTree(before), json.valueToTree(after), changes);
        return changes;
    }

    private void diff(String path, JsonNode before, JsonNode after, List<FieldChange> changes) {
        boolean objects = (before == null || before.isObject() || before.isNull()) && after != null && after.isObject()
                && before != null && before.isObject();
        if (objects) {
            TreeSet<String> fields = new TreeSet<>(Comparator.naturalOrder());
            before.fieldNames().forEachRemaining(fields::add);
            after.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                diff(path.isEmpty() ? field : path + "." + field, before.get(field), after.get(field), changes);
            }
            return;
        }
        JsonNode was = before == null || before.isNull() ? null : before;
        JsonNode now = after == null || after.isNull() ? null : after;
        if (!Objects.equals(was, now)) {
            changes.add(new FieldChange(path.isEmpty() ? "configuration" : path,
                    was == null ? null : json.convertValue(was, Object.class),
                    now == null ? null : json.convertValue(now, Object.class)));
        }
    }

    private static AuditPage page(List<AuditEntryView> items, FindAuditEntriesQuery query, long total) {
        return new AuditPage(items, query.page(), query.size(), total, (int) ((total + query.size() - 1) / query.size()));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
