package ai.bvrai.bench;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.analytics.AgentBreakdownView;
import ai.bvrai.api.analytics.AnalyticsFilter;
import ai.bvrai.api.analytics.AnalyticsInterval;
import ai.bvrai.api.analytics.CallOutcomesView;
import ai.bvrai.api.analytics.CallVolumeSeries;
import ai.bvrai.api.analytics.FindAgentBreakdownQuery;
import ai.bvrai.api.analytics.FindCallOutcomesQuery;
import ai.bvrai.api.analytics.FindCallVolumeQuery;
import ai.bvrai.api.analytics.FindLatencyPercentilesQuery;
import ai.bvrai.api.analytics.LatencyPercentilesView;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallPage;
import ai.bvrai.api.call.CallSortField;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.FindCallsQuery;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.query.projections.ProjectionMonitor;
import org.HdrHistogram.Histogram;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.queryhandling.QueryGateway;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Analytics benchmark, one run, one fresh database:
 * <ol>
 *   <li><b>history</b> — {@code --base-calls} calls through the platform's command gateway (in-process context,
 *       event timestamps spread over 60 days), then cloned in SQL {@code --clones} times (new call ids in the
 *       aggregate id and the payload; same payload bytes otherwise) into a large event store, in time order;</li>
 *   <li><b>raw read</b> — every row of {@code domain_event_entry} in global-index order (payload and metadata
 *       bytes), over JDBC with a 1000-row fetch size: the floor a replay cannot beat;</li>
 *   <li><b>backfill</b> — the platform boots with every other processor's token at the head and no token for
 *       {@code analytics-projection}: the new-read-model case; then <b>replay</b> — {@code ProjectionMonitor.replay}
 *       as the admin API calls it. Events/s = events the processor went through / seconds it took;</li>
 *   <li><b>queries</b> — the read models of a second organization are filled in SQL to the shape of
 *       {@code --read-model-calls} calls (20 agents × 2 versions, 90 days, every hour; plus as many
 *       {@code call_view} rows), and the analytics and call-list queries run through the query gateway.</li>
 * </ol>
 */
public final class AnalyticsBenchmark {

    private static final ThreadLocal<Instant> NOW = new ThreadLocal<>();

    private final String url;
    private final String user;
    private final String password;
    private final Map<String, String> report = new LinkedHashMap<>();
    private long rawBytesPerRow;

    private AnalyticsBenchmark(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        AnalyticsBenchmark bench = new AnalyticsBenchmark(
                options.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/bvrai_bench_analytics"),
                options.getOrDefault("jdbc-user", "bvrai"), options.getOrDefault("jdbc-password", "bvrai"));
        int baseCalls = Integer.parseInt(options.getOrDefault("base-calls", "300"));
        int clones = Integer.parseInt(options.getOrDefault("clones", "150"));
        int readModelCalls = Integer.parseInt(options.getOrDefault("read-model-calls", "1000000"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "200"));
        bench.run(baseCalls, clones, readModelCalls, queries);
        StringBuilder text = new StringBuilder("# Analytics benchmark\n\n| measure | value |\n|---|---|\n");
        bench.report.forEach((k, v) -> text.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        System.out.println(text);
        Path out = Path.of(options.getOrDefault("out", "target/bench/analytics.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, text);
        System.exit(0);
    }

    private void run(int baseCalls, int clones, int readModelCalls, int queries) throws Exception {
        String organization = UUID.randomUUID().toString();
        try (InProcessPlatform platform = new InProcessPlatform(url, user, password)) {
            long t0 = System.nanoTime();
            generate(platform.bean(CommandGateway.class), organization, baseCalls);
            report.put("history through the command gateway", baseCalls + " calls, " + count("domain_event_entry")
                    + " events in " + seconds(t0) + " s");
            ProjectionMonitor monitor = platform.bean(ProjectionMonitor.class);
            long head = head();
            await(() -> monitor.all().stream().allMatch(s -> s.position() != null && s.position() >= head), 300);
        }
        long t1 = System.nanoTime();
        clone(clones);
        long events = head();
        report.put("event store after cloning", (long) baseCalls * (clones + 1) + " calls, " + events
                + " events (cloned in " + seconds(t1) + " s)");
        atHeadExceptAnalytics(events);
        settle();

        double raw = rawRead();
        double raw2 = rawRead();

        try (InProcessPlatform platform = new InProcessPlatform(url, user, password)) {
            ProjectionMonitor monitor = platform.bean(ProjectionMonitor.class);
            double backfill = follow(monitor, events, "backfill");
            long calls = single("SELECT sum(calls) FROM analytics_hourly WHERE organization_id = ?", organization);
            check(calls == (long) baseCalls * (clones + 1), "analytics count " + calls + " calls");
            settle();
            double raw3 = rawRead();
            double fastest = Math.max(raw, Math.max(raw2, raw3));
            report.put("raw sequential read of domain_event_entry", String.format("%,.0f rows/s (passes: %,.0f, %,.0f "
                    + "before the backfill, %,.0f before the replay; %d bytes of payload and metadata per row)",
                    fastest, raw, raw2, raw3, rawBytesPerRow));
            report.put("backfill of a new read model (analytics-projection, no token)", String.format(
                    "%,.0f events/s = %.0f %% of the raw read", backfill, 100 * backfill / fastest));
            monitor.replay("analytics-projection");
            double replay = follow(monitor, events, "replay");
            report.put("replay (POST …/analytics-projection/replay)", String.format(
                    "%,.0f events/s = %.0f %% of the raw read", replay, 100 * replay / fastest));
            calls = single("SELECT sum(calls) FROM analytics_hourly WHERE organization_id = ?", organization);
            check(calls == (long) baseCalls * (clones + 1), "analytics count after replay " + calls + " calls");

            String big = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            long t2 = System.nanoTime();
            fillReadModels(big, readModelCalls);
            report.put("read models filled for the query phase", String.format("%,d calls in call_view and the "
                    + "analytics rollups of organization %s (%.0f s)", readModelCalls, big, (System.nanoTime() - t2) / 1e9));
            queryLatencies(platform.bean(QueryGateway.class), big, queries);
        }
    }

    // ---- history ----

    private static void generate(CommandGateway commands, String organization, int calls) {
        Clock original = GenericEventMessage.clock;
        GenericEventMessage.clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { Instant now = NOW.get(); return now != null ? now : Instant.now(); }
        };
        try {
            Random random = new Random(7);
            Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            List<String> agents = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString());
            for (int i = 0; i < calls; i++) {
                String callId = UUID.randomUUID().toString();
                Instant at = start.plusSeconds(random.nextLong(60 * 86_400L));
                Map<String, Object> meta = Map.of(MetadataKeys.ORGANIZATION_ID, organization,
                        MetadataKeys.CORRELATION_ID, "bench-" + callId, MetadataKeys.USER_ID, "bench-user");
                send(commands, at, new RequestCallCommand(callId, organization, agents.get(random.nextInt(3)),
                        1 + random.nextInt(2), CallDirection.WEB, null, null, Map.of(), new CallLimits(14_400, 3_600, 60),
                        "Europe/Berlin"), meta);
                Instant connected = at.plusSeconds(2);
                send(commands, connected, new ConnectCallCommand(callId, "bench"), meta);
                long ms = 0;
                int turns = 1 + random.nextInt(4);
                for (int t = 1; t <= turns; t++) {
                    long userEnd = ms + 3_000 + random.nextInt(3_000);
                    send(commands, connected.plusMillis(userEnd), new RecordUserTurnCommand(callId, t, "Question", ms + 500, userEnd), meta);
                    long sent = 600 + random.nextInt(900);
                    long agentEnd = userEnd + sent + 2_000 + random.nextInt(4_000);
                    send(commands, connected.plusMillis(agentEnd), new RecordAgentTurnCommand(callId, t, "Answer", false,
                            userEnd + sent, agentEnd, new TurnLatency(550L, 600L, sent - 150, sent - 20, sent)), meta);
                    ms = agentEnd;
                }
                send(commands, connected.plusMillis(ms + 1_000), new EndCallCommand(callId, EndReason.CALLER_HUNG_UP, null), meta);
            }
        } finally {
            GenericEventMessage.clock = original;
        }
    }

    private static void send(CommandGateway commands, Instant at, Object command, Map<String, Object> meta) {
        NOW.set(at);
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(meta));
        } finally {
            NOW.remove();
        }
    }

    /**
     * Copies every call event {@code clones} times under new call ids, appended in the order of their timestamps:
     * as in a real event store, the calls of the whole history interleave in time (appending clone after clone would
     * walk the 60 days {@code clones} times and make every chunk of a replay update every row of the read model).
     */
    private void clone(int clones) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, "
                    + "meta_data, payload, payload_revision, payload_type, time_stamp) "
                    + "SELECT e.aggregate_identifier || '-' || k, e.sequence_number, e.type, gen_random_uuid()::text, "
                    + "e.meta_data, convert_to(replace(convert_from(e.payload, 'UTF8'), e.aggregate_identifier, "
                    + "e.aggregate_identifier || '-' || k), 'UTF8'), e.payload_revision, e.payload_type, e.time_stamp "
                    + "FROM domain_event_entry e CROSS JOIN generate_series(1, " + clones + ") k "
                    + "WHERE e.payload_type LIKE 'ai.bvrai.api.call.%' ORDER BY e.time_stamp, k, e.global_index");
        }
    }

    /** Every processor but analytics-projection starts at the head; analytics-projection starts with no token. */
    private void atHeadExceptAnalytics(long head) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE token_entry SET token = convert_to('{\"index\":" + head + ",\"gaps\":[]}', 'UTF8'), "
                    + "token_type = 'org.axonframework.eventhandling.GapAwareTrackingToken', owner = NULL "
                    + "WHERE processor_name <> 'analytics-projection'");
            s.executeUpdate("DELETE FROM token_entry WHERE processor_name = 'analytics-projection'");
            s.execute("TRUNCATE analytics_call, analytics_hourly, analytics_daily, analytics_outcome_daily, "
                    + "analytics_duration_daily, analytics_latency_daily, analytics_latency_org_daily");
        }
    }

    private double rawRead() throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            long rows = 0;
            long bytes = 0;
            try (PreparedStatement p = c.prepareStatement("SELECT global_index, aggregate_identifier, sequence_number, "
                    + "payload_type, payload_revision, payload, meta_data, time_stamp FROM domain_event_entry "
                    + "ORDER BY global_index")) {
                p.setFetchSize(1_000);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        bytes += rs.getBytes(6).length + rs.getBytes(7).length;
                    }
                }
            }
            c.commit();
            rawBytesPerRow = bytes / Math.max(1, rows);
            return rows / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Events/s of analytics-projection from its first move until it passed {@code head}; also reports how much
     * of that time the processor's threads spent on a CPU (the rest is waiting: on the database, on each other).
     */
    private double follow(ProjectionMonitor monitor, long head, String phase) throws InterruptedException {
        long firstAt = 0;
        long firstPosition = 0;
        long cpuAtFirst = 0;
        long deadline = System.nanoTime() + 1_800_000_000_000L;
        while (System.nanoTime() < deadline) {
            ProjectionMonitor.ProcessorStatus status = monitor.status("analytics-projection");
            long position = status.position() == null ? -1 : status.position();
            if (firstAt == 0 && position > 0 && position < head) {
                firstAt = System.nanoTime();
                firstPosition = position;
                cpuAtFirst = processorCpuNanos();
            }
            if (position >= head && status.state() != ai.bvrai.api.analytics.ReadModelState.REBUILDING) {
                if (firstAt == 0) {
                    return Double.NaN;
                }
                long wall = System.nanoTime() - firstAt;
                report.put(phase + ": CPU time of the processor's threads", String.format("%.0f %% of the wall time "
                        + "(%.1f µs per event)", 100.0 * (processorCpuNanos() - cpuAtFirst) / wall,
                        (processorCpuNanos() - cpuAtFirst) / 1e3 / (head - firstPosition)));
                return (head - firstPosition) / (wall / 1e9);
            }
            Thread.sleep(20); // a poll interval, not a wait for a result: the processor runs on its own threads
        }
        throw new IllegalStateException("analytics-projection did not reach " + head);
    }

    /** CPU time so far of the live threads that work for analytics-projection (its processor's thread names). */
    private static long processorCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("analytics-projection")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    // ---- queries ----

    private void fillReadModels(String organization, int calls) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            int agents = 20;
            int versions = 2;
            int days = 90;
            long rows = (long) agents * versions * days * 24;
            long perRow = Math.max(1, calls / rows);
            String base = "DATE '" + LocalDate.now(ZoneOffset.UTC).minusDays(days) + "'";
            s.execute("INSERT INTO analytics_hourly SELECT '" + organization + "', " + base + " + d, h, 'agent-' || a, v, "
                    + perRow + ", " + perRow + ", " + perRow + ", " + perRow + " * 60000, " + perRow + " * 20000, "
                    + perRow + " * 30000, " + perRow + " * 8 FROM generate_series(0, " + (days - 1) + ") d, "
                    + "generate_series(0, 23) h, generate_series(1, " + agents + ") a, generate_series(1, " + versions + ") v");
            s.execute("INSERT INTO analytics_daily SELECT organization_id, local_date, agent_id, agent_version, "
                    + "sum(calls), sum(connected), sum(ended), sum(duration_ms), sum(user_talk_ms), sum(agent_talk_ms), "
                    + "sum(turns) FROM analytics_hourly WHERE organization_id = '" + organization + "' GROUP BY 1, 2, 3, 4");
            s.execute("INSERT INTO analytics_outcome_daily SELECT '" + organization + "', " + base + " + d, 'agent-' || a, v, "
                    + "r, " + (perRow * 24 / 7 + 1) + " FROM generate_series(0, " + (days - 1) + ") d, generate_series(1, "
                    + agents + ") a, generate_series(1, " + versions + ") v, unnest(ARRAY['CALLER_HUNG_UP','AGENT_ENDED',"
                    + "'ENDED_VIA_API','MAX_DURATION','SILENCE_TIMEOUT','TRANSFERRED','ERROR']) r");
            s.execute("INSERT INTO analytics_duration_daily SELECT '" + organization + "', " + base + " + d, 'agent-' || a, v, "
                    + "b, " + (perRow * 3) + " FROM generate_series(0, " + (days - 1) + ") d, generate_series(1, " + agents
                    + ") a, generate_series(1, " + versions + ") v, unnest(ARRAY[0,10,30,60,120,300,600,1800]) b");
            // ~40 latency buckets per stage and day, as two-digit buckets of 500–4000 ms give
            s.execute("INSERT INTO analytics_latency_daily SELECT '" + organization + "', " + base + " + d, 'agent-' || a, v, "
                    + "st, 500 + 100 * b, 1 + (b * 7) % 13 FROM generate_series(0, " + (days - 1) + ") d, generate_series(1, "
                    + agents + ") a, generate_series(1, " + versions + ") v, unnest(ARRAY['endOfSpeechDetected','sttFinal',"
                    + "'firstReplyText','firstAudioSynthesized','firstAudioSent']) st, generate_series(0, 39) b");
            s.execute("INSERT INTO analytics_latency_org_daily SELECT organization_id, local_date, stage, bucket_ms, "
                    + "sum(turns) FROM analytics_latency_daily WHERE organization_id = '" + organization + "' "
                    + "GROUP BY 1, 2, 3, 4");
            s.execute("INSERT INTO call_view (call_id, organization_id, agent_id, agent_version, direction, status, "
                    + "end_reason, from_address, to_address, variables, limits, requested_at, connected_at, ended_at, "
                    + "duration_ms, node, turn_count, revision, time_zone) "
                    + "SELECT 'bench-call-' || i, '" + organization + "', 'agent-' || (1 + i % " + agents + "), 1 + i % 2, "
                    + "'WEB', 'ENDED', 'CALLER_HUNG_UP', NULL, NULL, '{}', '{\"maxDurationSeconds\":600,"
                    + "\"silenceTimeoutSeconds\":30,\"connectTimeoutSeconds\":30}', now() - (i * interval '7 seconds'), "
                    + "now() - (i * interval '7 seconds'), now() - (i * interval '7 seconds') + interval '1 minute', "
                    + "60000, 'bench', 8, 10, 'UTC' FROM generate_series(1, " + calls + ") i");
        }
        settle();
    }

    /**
     * VACUUM ANALYZE after bulk writes, so that no autovacuum of them runs into a
     * measurement (an autovacuum of the freshly cloned event table would otherwise run into the raw read and the
     * backfill).
     */
    private void settle() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE");
        }
    }

    private void queryLatencies(QueryGateway queries, String organization, int n) {
        Random random = new Random(11);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Supplier<AnalyticsFilter> month = () -> {
            LocalDate from = today.minusDays(30 + random.nextInt(55));
            String agent = random.nextBoolean() ? null : "agent-" + (1 + random.nextInt(20));
            return new AnalyticsFilter(organization, from, from.plusDays(29), agent, null);
        };
        time("analytics: calls per day (30 days)", n, () -> queries.query(new FindCallVolumeQuery(month.get(),
                AnalyticsInterval.DAY), CallVolumeSeries.class).join());
        time("analytics: calls per hour (7 days)", n, () -> {
            AnalyticsFilter f = month.get();
            return queries.query(new FindCallVolumeQuery(new AnalyticsFilter(organization, f.from(), f.from().plusDays(6),
                    f.agentId(), null), AnalyticsInterval.HOUR), CallVolumeSeries.class).join();
        });
        time("analytics: outcomes and durations (30 days)", n, () -> queries.query(new FindCallOutcomesQuery(month.get()),
                CallOutcomesView.class).join());
        time("analytics: per agent and version (30 days)", n, () -> queries.query(new FindAgentBreakdownQuery(month.get()),
                AgentBreakdownView.class).join());
        time("analytics: latency percentiles (30 days)", n, () -> queries.query(new FindLatencyPercentilesQuery(month.get()),
                LatencyPercentilesView.class).join());
        time("call list: newest 20 of the organization", n, () -> queries.query(new FindCallsQuery(organization, null,
                null, null, null, null, null, random.nextInt(5), 20, CallSortField.REQUESTED_AT, true), CallPage.class).join());
        time("call list: newest 20 of an agent", n, () -> queries.query(new FindCallsQuery(organization,
                "agent-" + (1 + random.nextInt(20)), null, null, null, null, null, 0, 20, CallSortField.REQUESTED_AT, true),
                CallPage.class).join());
    }

    private void time(String name, int n, Supplier<Object> query) {
        for (int i = 0; i < Math.max(20, n / 10); i++) {
            query.get();
        }
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            query.get();
            histogram.recordValue(Math.max(1, (System.nanoTime() - t0) / 1_000));
        }
        report.put(name + " (" + n + " queries)", String.format("p50 %.1f ms, p95 %.1f ms, max %.1f ms",
                histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(95) / 1000.0,
                histogram.getMaxValue() / 1000.0));
    }

    // ---- helpers ----

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private long head() throws SQLException {
        return single("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", null);
    }

    private long count(String table) throws SQLException {
        return single("SELECT count(*) FROM " + table, null);
    }

    private long single(String sql, String arg) throws SQLException {
        try (Connection c = connect(); PreparedStatement p = c.prepareStatement(sql)) {
            if (arg != null) {
                p.setString(1, arg);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not reached within " + seconds + " s");
            }
            Thread.sleep(100); // polling the processors' state between checks
        }
    }

    private static String seconds(long since) {
        return String.format("%.1f", (System.nanoTime() - since) / 1e9);
    }

}
