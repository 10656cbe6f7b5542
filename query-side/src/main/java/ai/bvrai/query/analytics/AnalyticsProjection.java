package ai.bvrai.query.analytics;

import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import ai.bvrai.api.analytics.AgentBreakdownView;
import ai.bvrai.api.analytics.CallOutcomesView;
import ai.bvrai.api.analytics.CallVolumePoint;
import ai.bvrai.api.analytics.CallVolumeSeries;
import ai.bvrai.api.analytics.FindAgentBreakdownQuery;
import ai.bvrai.api.analytics.FindCallOutcomesQuery;
import ai.bvrai.api.analytics.FindCallVolumeQuery;
import ai.bvrai.api.analytics.FindLatencyPercentilesQuery;
import ai.bvrai.api.analytics.LatencyPercentilesView;
import ai.bvrai.api.analytics.OutcomeCount;
import ai.bvrai.query.projections.ProjectionMonitor;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The analytics read model: counters per local hour and per local day (calls, connected, ended, duration, talk
 * time, turns) and daily histograms (end reasons, durations, latency per stage), per organization, agent and agent
 * version.
 * <p>
 * Built for replay speed: one unit of work holds a batch of events (up to 1000 from the tracking processor, 5000
 * in a replay from the event table); the handlers only add to in-memory deltas of that batch, which are written
 * with one {@link Upsert} per table ({@code … ON CONFLICT DO UPDATE SET n = t.n + excluded.n}) just before the
 * batch commits, together with the processor's token. Idempotent: {@code analytics_call.revision} is the last event of the call that was counted,
 * and an event at or below it is skipped.
 */
@Component
@ProcessingGroup(AnalyticsProjection.PROCESSING_GROUP)
class AnalyticsProjection {

    static final String PROCESSING_GROUP = "analytics-projection";
    /** The aggregate type of the call events (the command side's {@code Call}). */
    private static final String CALL_AGGREGATE = "Call";
    private static final String BATCH = AnalyticsProjection.class.getName() + ".batch";

    private static final Upsert CALLS = Upsert.into("analytics_call", 1, "%1$s = excluded.%1$s", "call_id text",
            "organization_id text", "agent_id text", "agent_version int", "local_date date", "local_hour int",
            "revision bigint");
    private static final Upsert HOURLY = Upsert.adding("analytics_hourly", 5, "organization_id text",
            "local_date date", "local_hour int", "agent_id text", "agent_version int", "calls bigint",
            "connected bigint", "ended bigint", "duration_ms bigint", "user_talk_ms bigint", "agent_talk_ms bigint",
            "turns bigint");
    private static final Upsert DAILY = Upsert.adding("analytics_daily", 4, "organization_id text",
            "local_date date", "agent_id text", "agent_version int", "calls bigint", "connected bigint",
            "ended bigint", "duration_ms bigint", "user_talk_ms bigint", "agent_talk_ms bigint", "turns bigint");
    private static final Upsert OUTCOMES = Upsert.adding("analytics_outcome_daily", 5, "organization_id text",
            "local_date date", "agent_id text", "agent_version int", "end_reason text", "calls bigint");
    private static final Upsert DURATIONS = Upsert.adding("analytics_duration_daily", 5, "organization_id text",
            "local_date date", "agent_id text", "agent_version int", "bucket_s bigint", "calls bigint");
    private static final Upsert LATENCY = Upsert.adding("analytics_latency_daily", 6, "organization_id text",
            "local_date date", "agent_id text", "agent_version int", "stage text", "bucket_ms bigint",
            "turns bigint");
    private static final Upsert ORGANIZATION_LATENCY = Upsert.adding("analytics_latency_org_daily", 4,
            "organization_id text", "local_date date", "stage text", "bucket_ms bigint", "turns bigint");

    private final JdbcTemplate jdbc;
    private final AnalyticsReader reader;
    private final ProjectionMonitor monitor;

    AnalyticsProjection(JdbcTemplate jdbc, ProjectionMonitor monitor) {
        this.jdbc = jdbc;
        this.reader = new AnalyticsReader(jdbc);
        this.monitor = monitor;
    }

    @EventHandler
    void on(CallRequestedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        Batch batch = batch();
        if (batch.call(event.callId()) != null) {
            return;
        }
        LocalDateTime local = LocalDateTime.ofInstant(at, zone(event.timeZone()));
        CallFacts call = new CallFacts(event.callId(), event.organizationId(), event.agentId(), event.agentVersion(),
                local.toLocalDate(), local.getHour(), revision);
        batch.created(call);
        batch.hour(call).calls++;
    }

    @EventHandler
    void on(CallConnectedEvent event, @SequenceNumber long revision) {
        CallFacts call = batch().callAt(event.callId(), revision);
        if (call != null) {
            batch().hour(call).connected++;
        }
    }

    @EventHandler
    void on(UserTurnTranscribedEvent event, @SequenceNumber long revision) {
        CallFacts call = batch().callAt(event.callId(), revision);
        if (call != null) {
            Counters hour = batch().hour(call);
            hour.userTalkMs += Math.max(0, event.endedAtMs() - event.startedAtMs());
            hour.turns++;
        }
    }

    @EventHandler
    void on(AgentTurnSpokenEvent event, @SequenceNumber long revision) {
        Batch batch = batch();
        CallFacts call = batch.callAt(event.callId(), revision);
        if (call == null) {
            return;
        }
        Counters hour = batch.hour(call);
        hour.agentTalkMs += Math.max(0, event.endedAtMs() - event.startedAtMs());
        hour.turns++;
        TurnLatency latency = event.latency();
        if (latency != null) {
            for (AnalyticsBuckets.Stage stage : AnalyticsBuckets.STAGES) {
                Long ms = stage.mark().apply(latency);
                if (ms != null) {
                    batch.latency.merge(new LatencyKey(call.day(), stage.name(), AnalyticsBuckets.latencyBucket(ms)),
                            1L, Long::sum);
                }
            }
        }
    }

    @EventHandler
    void on(CallEndedEvent event, @SequenceNumber long revision) {
        Batch batch = batch();
        CallFacts call = batch.callAt(event.callId(), revision);
        if (call == null) {
            return;
        }
        Counters hour = batch.hour(call);
        hour.ended++;
        hour.durationMs += Math.max(0, event.durationMs());
        batch.outcomes.merge(new OutcomeKey(call.day(), event.reason().name()), 1L, Long::sum);
        batch.durations.merge(new DurationKey(call.day(), AnalyticsBuckets.durationBucket(event.durationMs())),
                1L, Long::sum);
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE analytics_call, analytics_hourly, analytics_daily, analytics_outcome_daily, "
                + "analytics_duration_daily, analytics_latency_daily, analytics_latency_org_daily");
    }

    // Every answer says how complete the read model is (REBUILDING during a replay, CATCHING_UP while a new
    // read model backfills): the tables are rebuilt in place, so until then the numbers cover part of history.

    @QueryHandler
    CallVolumeSeries handle(FindCallVolumeQuery query) {
        List<CallVolumePoint> points = reader.volume(query.filter(), query.interval());
        return new CallVolumeSeries(query.interval(), points, AnalyticsReader.total(points),
                monitor.readModel(PROCESSING_GROUP));
    }

    @QueryHandler
    CallOutcomesView handle(FindCallOutcomesQuery query) {
        List<OutcomeCount> outcomes = reader.outcomes(query.filter());
        return new CallOutcomesView(outcomes.stream().mapToLong(OutcomeCount::calls).sum(), outcomes,
                reader.durations(query.filter()), monitor.readModel(PROCESSING_GROUP));
    }

    @QueryHandler
    AgentBreakdownView handle(FindAgentBreakdownQuery query) {
        return new AgentBreakdownView(reader.agents(query.filter()), monitor.readModel(PROCESSING_GROUP));
    }

    @QueryHandler
    LatencyPercentilesView handle(FindLatencyPercentilesQuery query) {
        return new LatencyPercentilesView(reader.latency(query.filter()), monitor.readModel(PROCESSING_GROUP));
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /**
     * The deltas of the current unit of work (the processor's batch), written before it commits. Created at the
     * batch's first event, when it also reads, in one query, what was counted before of the batch's calls that
     * were requested before it. A call whose first event is in the batch cannot have been counted: the token and
     * the counts commit together, so that event was never part of a committed batch.
     */
    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batching) {
                Map<Boolean, Set<String>> calls = batching.getMessages().stream()
                        .filter(m -> m instanceof DomainEventMessage<?> event && CALL_AGGREGATE.equals(event.getType()))
                        .map(m -> (DomainEventMessage<?>) m)
                        .collect(Collectors.partitioningBy(event -> event.getSequenceNumber() == 0,
                                Collectors.mapping(DomainEventMessage::getAggregateIdentifier, Collectors.toSet())));
                batch.neverCounted(calls.get(true));
                batch.load(calls.get(false).stream().filter(id -> !calls.get(true).contains(id))
                        .collect(Collectors.toSet()));
            }
            unitOfWork.onPrepareCommit(u -> batch.flush());
            return batch;
        });
    }

    /** A call's buckets and the last of its events that was counted. */
    private static final class CallFacts {
        final String callId;
        final String organizationId;
        final String agentId;
        final int agentVersion;
        final LocalDate date;
        final int hour;
        long revision;
        boolean dirty;

        CallFacts(String callId, String organizationId, String agentId, int agentVersion, LocalDate date, int hour,
                  long revision) {
            this.callId = callId;
            this.organizationId = organizationId;
            this.agentId = agentId;
            this.agentVersion = agentVersion;
            this.date = date;
            this.hour = hour;
            this.revision = revision;
        }

        DayKey day() {
            return new DayKey(organizationId, date, agentId, agentVersion);
        }
    }

    private record DayKey(String organizationId, LocalDate date, String agentId, int agentVersion) {
    }

    private record HourKey(DayKey day, int hour) {
    }

    private record OutcomeKey(DayKey day, String reason) {
    }

    private record DurationKey(DayKey day, long bucketSeconds) {
    }

    private record LatencyKey(DayKey day, String stage, long bucketMs) {
    }

    private static final class Counters {
        long calls;
        long connected;
        long ended;
        long durationMs;
        long userTalkMs;
        long agentTalkMs;
        long turns;

        void add(Counters other) {
            calls += other.calls;
            connected += other.connected;
            ended += other.ended;
            durationMs += other.durationMs;
            userTalkMs += other.userTalkMs;
            agentTalkMs += other.agentTalkMs;
            turns += other.turns;
        }
    }

    private final class Batch {
        private final Map<String, CallFacts> calls = new HashMap<>();
        private final Map<HourKey, Counters> hours = new LinkedHashMap<>();
        private final Map<OutcomeKey, Long> outcomes = new LinkedHashMap<>();
        private final Map<DurationKey, Long> durations = new LinkedHashMap<>();
        private final Map<LatencyKey, Long> latency = new LinkedHashMap<>();

        /** The call as counted so far (this batch or earlier ones), or null when its request was never seen. */
        CallFacts call(String callId) {
            if (!calls.containsKey(callId)) {
                load(Set.of(callId));
            }
            return calls.get(callId);
        }

        /** Calls that start in this batch: nothing to read. */
        void neverCounted(Set<String> callIds) {
            callIds.forEach(id -> calls.put(id, null));
        }

        /** Reads the calls counted in earlier batches; an id not found is remembered as never seen. */
        void load(Set<String> callIds) {
            if (callIds.isEmpty()) {
                return;
            }
            callIds.forEach(id -> calls.put(id, null));
            jdbc.query(connection -> {
                PreparedStatement select = connection.prepareStatement("SELECT call_id, organization_id, agent_id, "
                        + "agent_version, local_date, local_hour, revision FROM analytics_call WHERE call_id = ANY (?)");
                select.setArray(1, connection.createArrayOf("text", callIds.toArray()));
                // planned for its ids every time: a plan the driver's prepared statement caches while the table is
                // still small (a new or rebuilt read model) is a sequential scan, and stays one as the table grows
                // (observed: 20-60 ms per batch at 45,000 calls instead of 1 ms)
                select.unwrap(PGStatement.class).setPrepareThreshold(0);
                return select;
            }, (RowCallbackHandler) rs -> calls.put(rs.getString(1), new CallFacts(rs.getString(1), rs.getString(2),
                    rs.getString(3), rs.getInt(4), rs.getDate(5).toLocalDate(), rs.getInt(6), rs.getLong(7))));
        }

        /** The call, when the event at {@code revision} is new for it (marks it counted); else null. */
        CallFacts callAt(String callId, long revision) {
            CallFacts call = call(callId);
            if (call == null || revision <= call.revision) {
                return null;
            }
            call.revision = revision;
            call.dirty = true;
            return call;
        }

        void created(CallFacts call) {
            call.dirty = true;
            calls.put(call.callId, call);
        }

        Counters hour(CallFacts call) {
            return hours.computeIfAbsent(new HourKey(call.day(), call.hour), key -> new Counters());
        }

        void flush() {
            List<Object[]> callRows = new ArrayList<>();
            calls.values().stream().filter(c -> c != null && c.dirty).forEach(c -> callRows.add(new Object[]{
                    c.callId, c.organizationId, c.agentId, c.agentVersion, c.date, c.hour, c.revision}));
            CALLS.run(jdbc, callRows);

            List<Object[]> hourRows = new ArrayList<>();
            Map<DayKey, Counters> days = new LinkedHashMap<>();
            hours.forEach((key, n) -> {
                hourRows.add(new Object[]{key.day().organizationId(), key.day().date(), key.hour(),
                        key.day().agentId(), key.day().agentVersion(), n.calls, n.connected, n.ended, n.durationMs,
                        n.userTalkMs, n.agentTalkMs, n.turns});
                days.computeIfAbsent(key.day(), day -> new Counters()).add(n);
            });
            HOURLY.run(jdbc, hourRows);
            List<Object[]> dayRows = new ArrayList<>();
            days.forEach((day, n) -> dayRows.add(new Object[]{day.organizationId(), day.date(), day.agentId(),
                    day.agentVersion(), n.calls, n.connected, n.ended, n.durationMs, n.userTalkMs, n.agentTalkMs,
                    n.turns}));
            DAILY.run(jdbc, dayRows);

            List<Object[]> outcomeRows = new ArrayList<>();
            outcomes.forEach((key, n) -> outcomeRows.add(dayRow(key.day(), key.reason(), n)));
            OUTCOMES.run(jdbc, outcomeRows);

            List<Object[]> durationRows = new ArrayList<>();
            durations.forEach((key, n) -> durationRows.add(dayRow(key.day(), key.bucketSeconds(), n)));
            DURATIONS.run(jdbc, durationRows);

            List<Object[]> latencyRows = new ArrayList<>();
            Map<List<Object>, Long> organizationLatency = new LinkedHashMap<>();
            latency.forEach((key, n) -> {
                latencyRows.add(new Object[]{key.day().organizationId(), key.day().date(), key.day().agentId(),
                        key.day().agentVersion(), key.stage(), key.bucketMs(), n});
                organizationLatency.merge(List.of(key.day().organizationId(), key.day().date(), key.stage(),
                        key.bucketMs()), n, Long::sum);
            });
            LATENCY.run(jdbc, latencyRows);
            List<Object[]> organizationRows = new ArrayList<>();
            organizationLatency.forEach((key, n) -> organizationRows.add(new Object[]{key.get(0), key.get(1),
                    key.get(2), key.get(3), n}));
            ORGANIZATION_LATENCY.run(jdbc, organizationRows);
        }

        private static Object[] dayRow(DayKey day, Object key, long n) {
            return new Object[]{day.organizationId(), day.date(), day.agentId(), day.agentVersion(), key, n};
        }
    }
}
