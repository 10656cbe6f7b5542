package ai.bvrai.platform.it;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static ai.bvrai.platform.it.Keycloak.ACME;
import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.EDDIE_EDITOR;
import static ai.bvrai.platform.it.Keycloak.GINA_ADMIN;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Weeks of history generated through the real command path (agents through the REST API, calls through the
 * command gateway as the voice runtime sends them, event timestamps spread over three weeks), then: the analytics
 * API against an independent computation from the raw events in the event store, a replay that must give the
 * same answers, and the audit timeline's actor, diff and correlation id, tenant-scoped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsAndAuditIT extends IntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsAndAuditIT.class);
    private static final int CALLS = 1_000;
    private static final int DAYS = 21;
    private static final String ALICE_ID = "3f1c2a10-0000-4000-8000-000000000101";
    private static final String EDDIE_ID = "3f1c2a10-0000-4000-8000-000000000102";
    private static final List<String> STAGES = List.of("endOfSpeechDetected", "sttFinal", "firstReplyText",
            "firstAudioSynthesized", "firstAudioSent");
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Event timestamps of the commands this thread sends; the real time when unset. */
    private static final ThreadLocal<Instant> NOW = new ThreadLocal<>();

    @Autowired
    private CommandGateway commands;

    @Autowired
    private JdbcTemplate sql;

    private Clock originalClock;
    /** agent id → its published versions */
    private final Map<String, Integer> agents = new HashMap<>();
    private String changedAgent;
    private String changeCorrelationId;
    private final Set<String> callIds = ConcurrentHashMap.newKeySet();
    private LocalDate from;
    private LocalDate to;

    @BeforeAll
    void generateHistory() throws Exception {
        long started = System.nanoTime();
        for (int a = 0; a < 3; a++) {
            String agentId = createAgent(a == 1 ? EDDIE_EDITOR : ALICE_ADMIN, unique("Analytics " + a));
            for (int v = 1; v <= a + 1; v++) {
                if (v > 1) {
                    String correlationId = "it-change-" + UUID.randomUUID();
                    Api.Response changed = as(EDDIE_EDITOR).header("X-Correlation-Id", correlationId)
                            .patch("/api/v1/agents/" + agentId, Map.of("systemPrompt", "Version " + v + " for {{company}}.",
                                    "maxCallDurationSeconds", 600 + v));
                    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
                    changedAgent = agentId;
                    changeCorrelationId = correlationId;
                }
                Api.Response published = as(ALICE_ADMIN).post("/api/v1/agents/" + agentId + "/publish", null);
                assertThat(published.status()).as(published.toString()).isEqualTo(201);
            }
            agents.put(agentId, a + 1);
        }

        originalClock = GenericEventMessage.clock;
        GenericEventMessage.clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                Instant now = NOW.get();
                return now != null ? now : Instant.now();
            }
        };
        // The three weeks lie ahead of the wall clock, on purpose. Back-dated event timestamps would make every
        // deadline of the call saga due at once (it ends calls while they are being recorded), and Axon's JDBC
        // store judges gaps in the global index by event timestamps: below an event older than its gap timeout
        // it allows no gap, so events committed out of order by concurrent writers would be skipped by live
        // processors. Real calls are stamped "now"; so are these, in the future.
        Instant start = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        from = start.atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
        to = from.plusDays(DAYS + 2);
        List<String> agentIds = new ArrayList<>(agents.keySet());
        ExecutorService workers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                done.add(workers.submit(() -> {
                    Random random = new Random(42 + worker);
                    for (int i = worker; i < CALLS; i += 8) {
                        String agentId = agentIds.get(random.nextInt(agentIds.size()));
                        Instant at = start.plusSeconds(random.nextLong(DAYS * 86_400L));
                        call(random, agentId, 1 + random.nextInt(agents.get(agentId)), at,
                                i % 2 == 0 ? "Europe/Berlin" : "America/New_York");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdown();
            GenericEventMessage.clock = originalClock;
        }
        log.info("Generated {} calls in {} ms", CALLS, Duration.ofNanos(System.nanoTime() - started).toMillis());
        long head = sql.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        awaitAnalyticsAt(head);
    }

    @AfterAll
    void restoreClock() {
        if (originalClock != null) {
            GenericEventMessage.clock = originalClock;
        }
    }

    /**
     * One call as the voice runtime records it: connect, turns with latency, end; some never connect. Web and inbound
     * calls only: an outbound request is dialed through Twilio by the platform (it would end FAILED here, with no
     * Twilio account — a path TelephonyIT covers).
     */
    private void call(Random random, String agentId, int version, Instant at, String timeZone) {
        String callId = UUID.randomUUID().toString();
        callIds.add(callId);
        String correlationId = "it-call-" + callId;
        send(at, new RequestCallCommand(callId, ACME, agentId, version,
                random.nextBoolean() ? CallDirection.WEB : CallDirection.INBOUND, null, null, Map.of("company", "Acme"),
                new CallLimits(14_400, 3_600, 60), timeZone), random.nextBoolean() ? ALICE_ID : EDDIE_ID, correlationId);
        try {
            if (random.nextInt(10) == 0) {
                send(at.plusSeconds(60), new EndCallCommand(callId, EndReason.ERROR, "never connected"), null, correlationId);
                return;
            }
            Instant connected = at.plusMillis(500 + random.nextInt(3_000));
            send(connected, new ConnectCallCommand(callId, "node-it"), null, correlationId);
            long ms = 0;
            send(connected.plusMillis(1_500), new RecordAgentTurnCommand(callId, 0, "Hello.", false, 0, 1_500,
                    new TurnLatency(null, null, null, null, null)), null, correlationId);
            ms = 1_500;
            int turns = random.nextInt(4);
            for (int t = 1; t <= turns; t++) {
                long userStart = ms + 300 + random.nextInt(2_000);
                long userEnd = userStart + 500 + random.nextInt(6_000);
                send(connected.plusMillis(userEnd), new RecordUserTurnCommand(callId, t, "Question " + t, userStart, userEnd),
                        null, correlationId);
                long eos = 500 + random.nextInt(200);
                long stt = eos + random.nextInt(120);
                long text = stt + 50 + random.nextInt(random.nextInt(10) == 0 ? 3_000 : 600);
                long synth = text + 10 + random.nextInt(150);
                long sent = synth + random.nextInt(20);
                long agentStart = userEnd + sent;
                long agentEnd = agentStart + 800 + random.nextInt(8_000);
                send(connected.plusMillis(agentEnd), new RecordAgentTurnCommand(callId, t, "Answer " + t,
                        random.nextInt(8) == 0, agentStart, agentEnd,
                        new TurnLatency(eos, stt, text, synth, random.nextInt(30) == 0 ? null : sent)), null, correlationId);
                ms = agentEnd;
            }
            EndReason reason = List.of(EndReason.CALLER_HUNG_UP, EndReason.CALLER_HUNG_UP, EndReason.AGENT_ENDED,
                    EndReason.SILENCE_TIMEOUT, EndReason.TRANSFERRED, EndReason.MAX_DURATION)
                    .get(random.nextInt(6));
            long extra = random.nextInt(20) == 0 ? 600_000 + random.nextInt(1_500_000) : random.nextInt(5_000);
            send(connected.plusMillis(ms + extra), new EndCallCommand(callId, reason, null), null, correlationId);
        } catch (CommandExecutionException e) {
            throw new AssertionError("call " + callId + ": " + e.getMessage(), e);
        }
    }

    private void send(Instant at, Object command, String userId, String correlationId) {
        Map<String, Object> metaData = new HashMap<>(Map.of(MetadataKeys.ORGANIZATION_ID, ACME,
                MetadataKeys.CORRELATION_ID, correlationId));
        if (userId != null) {
            metaData.put(MetadataKeys.USER_ID, userId);
        }
        NOW.set(at);
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } finally {
            NOW.remove();
        }
    }

    private Api operator() {
        return api().as(Keycloak.clientCredentials("bvrai-m2m", "bvrai-m2m-secret"));
    }

    private void awaitAnalyticsAt(long position) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode status = operator().get("/api/v1/admin/projections/analytics-projection").body();
            assertThat(status.path("position").asLong(-1)).as(status.toString()).isGreaterThanOrEqualTo(position);
            assertThat(status.path("state").asText()).isNotEqualTo("REBUILDING");
        });
    }

    // ---- the independent computation, from the raw rows of the event store ----

    private record Bucket(String agentId, int version, LocalDate date) {
    }

    private static final class Expected {
        final Map<Bucket, long[]> volume = new TreeMap<>((a, b) -> (a.agentId() + a.version() + a.date())
                .compareTo(b.agentId() + b.version() + b.date()));
        final Map<String, Map<Integer, long[]>> hourly = new HashMap<>();
        final Map<String, Map<String, Long>> outcomes = new HashMap<>();
        final Map<String, Map<Long, Long>> durations = new HashMap<>();
        final Map<String, Map<String, List<Long>>> latencies = new HashMap<>();
    }

    /** calls, connected, ended, durationMs, userTalkMs, agentTalkMs, turns — per agent, version and local date. */
    private Expected expectedFromRawEvents() throws Exception {
        record Row(String type, byte[] payload, String timestamp) {
        }
        List<Row> rows = sql.query("SELECT payload_type, payload, time_stamp FROM domain_event_entry "
                        + "WHERE payload_type LIKE 'ai.bvrai.api.call.%' ORDER BY global_index",
                (rs, n) -> new Row(rs.getString(1), rs.getBytes(2), rs.getString(3)));
        Map<String, CallRequestedEvent> requests = new HashMap<>();
        Map<String, LocalDateTime> local = new HashMap<>();
        Expected expected = new Expected();
        for (Row row : rows) {
            Object event = JSON.readValue(row.payload(), Class.forName(row.type()));
            String callId = JSON.valueToTree(event).path("callId").asText();
            if (!callIds.contains(callId)) {
                continue;
            }
            if (event instanceof CallRequestedEvent requested) {
                requests.put(callId, requested);
                local.put(callId, LocalDateTime.ofInstant(Instant.parse(row.timestamp()), ZoneId.of(requested.timeZone())));
            }
            CallRequestedEvent call = requests.get(callId);
            LocalDateTime when = local.get(callId);
            long[] v = expected.volume.computeIfAbsent(new Bucket(call.agentId(), call.agentVersion(), when.toLocalDate()),
                    b -> new long[7]);
            long[] h = expected.hourly.computeIfAbsent(call.agentId() + "/" + when.toLocalDate(), k -> new HashMap<>())
                    .computeIfAbsent(when.getHour(), k -> new long[7]);
            String agent = call.agentId();
            switch (event) {
                case CallRequestedEvent e -> { v[0]++; h[0]++; }
                case CallConnectedEvent e -> { v[1]++; h[1]++; }
                case CallEndedEvent e -> {
                    v[2]++; h[2]++;
                    v[3] += e.durationMs(); h[3] += e.durationMs();
                    expected.outcomes.computeIfAbsent(agent, k -> new HashMap<>()).merge(e.reason().name(), 1L, Long::sum);
                    long seconds = e.durationMs() / 1000;
                    long bucket = List.of(0L, 10L, 30L, 60L, 120L, 300L, 600L, 1800L).stream()
                            .filter(b -> seconds >= b).reduce((a, b) -> b).orElseThrow();
                    expected.durations.computeIfAbsent(agent, k -> new HashMap<>()).merge(bucket, 1L, Long::sum);
                }
                case UserTurnTranscribedEvent e -> {
                    v[4] += e.endedAtMs() - e.startedAtMs(); h[4] += e.endedAtMs() - e.startedAtMs();
                    v[6]++; h[6]++;
                }
                case AgentTurnSpokenEvent e -> {
                    v[5] += e.endedAtMs() - e.startedAtMs(); h[5] += e.endedAtMs() - e.startedAtMs();
                    v[6]++; h[6]++;
                    Map<String, List<Long>> stages = expected.latencies.computeIfAbsent(agent, k -> new HashMap<>());
                    List<Function<TurnLatency, Long>> marks = List.of(TurnLatency::endOfSpeechDetectedMs,
                            TurnLatency::sttFinalMs, TurnLatency::firstReplyTextMs,
                            TurnLatency::firstAudioSynthesizedMs, TurnLatency::firstAudioSentMs);
                    for (int s = 0; s < STAGES.size(); s++) {
                        Long ms = e.latency() == null ? null : marks.get(s).apply(e.latency());
                        if (ms != null) {
                            stages.computeIfAbsent(STAGES.get(s), k -> new ArrayList<>()).add(ms);
                        }
                    }
                }
                default -> { }
            }
        }
        assertThat(requests).hasSize(CALLS);
        return expected;
    }

    /** Nearest-rank percentile of the exact values, reported as the API's bucket (exact < 100 ms, else 2 digits up). */
    private static Long expectedPercentile(List<Long> values, int percent) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        List<Long> sorted = values.stream().sorted().toList();
        long exact = sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
        if (exact < 100) {
            return Math.max(0, exact);
        }
        long step = (long) Math.pow(10, String.valueOf(exact).length() - 2);
        return (exact + step - 1) / step * step;
    }

    private String range() {
        return "from=" + from + "&to=" + to;
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void givenWeeksOfCalls_whenAnalyticsAreRead_thenEveryNumberMatchesTheRawEvents() throws Exception {
        Expected expected = expectedFromRawEvents();
        // the processor is at the head; an event of a concurrent writer that committed after a newer one can still
        // be on its way (a gap Axon's token is waiting for): give it a few seconds, never a wrong number
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertAnalyticsMatch(expected));
    }

    private void assertAnalyticsMatch(Expected expected) {
        for (String agentId : agents.keySet()) {
            JsonNode series = as(VERA_VIEWER).get("/api/v1/analytics/calls?" + range() + "&agentId=" + agentId).body();
            assertThat(series.path("readModel").path("state").asText()).isEqualTo("LIVE");
            Map<LocalDate, long[]> perDay = new TreeMap<>();
            expected.volume.forEach((bucket, v) -> {
                if (bucket.agentId().equals(agentId)) {
                    long[] sum = perDay.computeIfAbsent(bucket.date(), d -> new long[7]);
                    for (int i = 0; i < 7; i++) {
                        sum[i] += v[i];
                    }
                }
            });
            int nonZero = 0;
            for (JsonNode point : series.path("points")) {
                long[] v = perDay.getOrDefault(LocalDate.parse(point.path("date").asText()), new long[7]);
                assertThat(new long[]{point.path("calls").asLong(), point.path("connected").asLong(),
                        point.path("ended").asLong(), point.path("durationMs").asLong(), point.path("userTalkMs").asLong(),
                        point.path("agentTalkMs").asLong(), point.path("turns").asLong()})
                        .as("agent %s on %s", agentId, point.path("date").asText()).containsExactly(v);
                nonZero += point.path("calls").asLong() > 0 ? 1 : 0;
            }
            assertThat(nonZero).as("days with calls").isGreaterThan(DAYS / 2);

            JsonNode outcomes = as(VERA_VIEWER).get("/api/v1/analytics/outcomes?" + range() + "&agentId=" + agentId).body();
            for (JsonNode outcome : outcomes.path("outcomes")) {
                assertThat(outcome.path("calls").asLong()).as(outcome.toString()).isEqualTo(
                        expected.outcomes.get(agentId).getOrDefault(outcome.path("reason").asText(), 0L));
            }
            for (JsonNode bucket : outcomes.path("durations")) {
                assertThat(bucket.path("calls").asLong()).as(bucket.toString()).isEqualTo(
                        expected.durations.get(agentId).getOrDefault(bucket.path("fromSeconds").asLong(), 0L));
            }

            JsonNode latency = as(VERA_VIEWER).get("/api/v1/analytics/latency?" + range() + "&agentId=" + agentId).body();
            assertThat(latency.path("stages")).hasSize(STAGES.size());
            for (JsonNode stage : latency.path("stages")) {
                List<Long> values = expected.latencies.get(agentId).get(stage.path("stage").asText());
                assertThat(stage.path("turns").asLong()).isEqualTo(values.size());
                for (int p : new int[]{50, 90, 95, 99}) {
                    assertThat(stage.path("p" + p).asLong()).as("%s p%d", stage.path("stage").asText(), p)
                            .isEqualTo(expectedPercentile(values, p));
                }
            }

            JsonNode breakdown = as(VERA_VIEWER).get("/api/v1/analytics/agents?" + range() + "&agentId=" + agentId).body();
            assertThat(breakdown.path("rows")).hasSize(agents.get(agentId));
            for (JsonNode row : breakdown.path("rows")) {
                long calls = expected.volume.entrySet().stream()
                        .filter(e -> e.getKey().agentId().equals(agentId) && e.getKey().version() == row.path("agentVersion").asInt())
                        .mapToLong(e -> e.getValue()[0]).sum();
                assertThat(row.path("calls").asLong()).as(row.toString()).isEqualTo(calls);
            }
        }

        // hourly buckets, for one agent over two busy days
        String agentId = agents.keySet().iterator().next();
        LocalDate day = from.plusDays(8);
        JsonNode hourly = as(VERA_VIEWER).get("/api/v1/analytics/calls?interval=hour&from=" + day + "&to=" + day.plusDays(1)
                + "&agentId=" + agentId).body();
        assertThat(hourly.path("points")).hasSize(48);
        for (JsonNode point : hourly.path("points")) {
            long[] v = expected.hourly.getOrDefault(agentId + "/" + point.path("date").asText(), Map.of())
                    .getOrDefault(point.path("hour").asInt(), new long[7]);
            assertThat(point.path("calls").asLong()).as(point.toString()).isEqualTo(v[0]);
            assertThat(point.path("durationMs").asLong()).as(point.toString()).isEqualTo(v[3]);
        }
    }

    @Test
    @Order(2)
    void givenTheAnalyticsReadModel_whenAnOperatorReplaysIt_thenItIsRebuiltFromTheEventStoreWithIdenticalAnswers() {
        Map<String, JsonNode> before = analyticsOfMyAgents();
        assertThat(as(ALICE_ADMIN).post("/api/v1/admin/projections/analytics-projection/replay", null).status())
                .as("an organization's admin cannot rebuild every organization's read model").isEqualTo(403);
        assertThat(operator().post("/api/v1/admin/projections/agent-names/replay", null).status())
                .as("only the query side's read models").isIn(404, 409);
        assertThat(operator().post("/api/v1/admin/projections/nope/replay", null).body().path("code").asText())
                .isEqualTo("PROJECTION_NOT_FOUND");

        long head = sql.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        long started = System.nanoTime();
        Api.Response replay = operator().post("/api/v1/admin/projections/analytics-projection/replay", null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        awaitAnalyticsAt(head);
        double seconds = (System.nanoTime() - started) / 1e9;

        long rawStarted = System.nanoTime();
        long[] raw = {0};
        sql.query(con -> {
            con.setAutoCommit(false);
            var statement = con.prepareStatement("SELECT global_index, payload_type, payload, meta_data, time_stamp "
                    + "FROM domain_event_entry ORDER BY global_index");
            statement.setFetchSize(1_000);
            return statement;
        }, rs -> {
            raw[0]++;
            rs.getBytes(3);
            rs.getBytes(4);
        });
        double rawSeconds = (System.nanoTime() - rawStarted) / 1e9;
        log.info("Replay of analytics-projection: {} events in {} s = {} events/s; raw sequential read: {} rows in {} s "
                        + "= {} rows/s", head, String.format("%.2f", seconds), Math.round(head / seconds), raw[0],
                String.format("%.3f", rawSeconds), Math.round(raw[0] / rawSeconds));

        assertThat(analyticsOfMyAgents()).isEqualTo(before);
        JsonNode list = operator().get("/api/v1/admin/projections").body();
        assertThat(list.findValuesAsText("name")).contains("analytics-projection", "call-projection", "agent-projection");
    }

    @Test
    @Order(3)
    void givenAReplayFromTheEventTable_whenCallsAreMadeWhileItRuns_thenTheProcessorTakesThemOverAndCountsEachOnce() {
        String agentId = agents.keySet().iterator().next();
        String volume = "/api/v1/analytics/calls?" + range() + "&agentId=" + agentId;
        long before = as(VERA_VIEWER).get(volume).body().path("total").path("calls").asLong();
        Random random = new Random(3);

        Api.Response replay = operator().post("/api/v1/admin/projections/analytics-projection/replay", null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(replay.body().path("state").asText()).isEqualTo("REBUILDING");
        for (int i = 0; i < 5; i++) {
            call(random, agentId, agents.get(agentId), from.plusDays(2).atTime(9 + i, 15).toInstant(ZoneOffset.UTC),
                    "UTC");
        }
        long head = sql.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        awaitAnalyticsAt(head);

        assertThat(as(VERA_VIEWER).get(volume).body().path("total").path("calls").asLong())
                .as("the history replayed, and the calls made meanwhile counted once").isEqualTo(before + 5);
        assertThat(sql.queryForObject("SELECT token_type FROM token_entry WHERE processor_name = 'analytics-projection'",
                String.class)).as("the processor is live again, past the replay")
                .isEqualTo(GapAwareTrackingToken.class.getName());
    }

    private Map<String, JsonNode> analyticsOfMyAgents() {
        Map<String, JsonNode> answers = new TreeMap<>();
        for (String agentId : agents.keySet()) {
            for (String section : List.of("calls", "calls?interval=hour&from=" + from.plusDays(3) + "&to=" + from.plusDays(5) + "&",
                    "outcomes", "agents", "latency")) {
                String path = "/api/v1/analytics/" + (section.contains("?") ? section : section + "?" + range() + "&")
                        + "agentId=" + agentId;
                JsonNode body = as(VERA_VIEWER).get(path).body().deepCopy();
                ((ObjectNode) body).remove("readModel");
                answers.put(path, body);
            }
        }
        return answers;
    }

    @Test
    @Order(4)
    void givenAConfigurationChange_whenTheAgentsAuditTimelineIsRead_thenItShowsTheActorTheDiffAndTheCorrelationId() {
        Api.Response timeline = as(VERA_VIEWER).get("/api/v1/audit?entity=agent:" + changedAgent);
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
        JsonNode items = timeline.body().path("items");
        assertThat(items.get(items.size() - 1).path("eventType").asText()).isEqualTo("AgentCreatedEvent");
        assertThat(items.get(0).path("eventType").asText()).as("newest first").isEqualTo("AgentPublishedEvent");
        JsonNode change = null;
        for (JsonNode item : items) {
            if (item.path("correlationId").asText().equals(changeCorrelationId)) {
                change = item;
            }
        }
        assertThat(change).as(items.toString()).isNotNull();
        assertThat(change.path("eventType").asText()).isEqualTo("AgentConfigurationChangedEvent");
        assertThat(change.path("actorUserId").asText()).isEqualTo(EDDIE_ID);
        assertThat(change.path("actorName").asText()).isEqualTo("Eddie Editor");
        assertThat(change.path("organizationId").asText()).isEqualTo(ACME);
        assertThat(change.path("changes").findValuesAsText("field"))
                .containsExactlyInAnyOrder("systemPrompt", "maxCallDurationSeconds");
        JsonNode maxDuration = null;
        for (JsonNode c : change.path("changes")) {
            if (c.path("field").asText().equals("maxCallDurationSeconds")) {
                maxDuration = c;
            }
        }
        assertThat(maxDuration.path("before").asInt()).isEqualTo(602);
        assertThat(maxDuration.path("after").asInt()).isEqualTo(603);
        assertThat(change.path("action").asText()).contains("changed").contains("systemPrompt");

        // paging and time range
        JsonNode first = as(VERA_VIEWER).get("/api/v1/audit?entity=agent:" + changedAgent + "&size=1").body();
        assertThat(first.path("items")).hasSize(1);
        assertThat(first.path("totalItems").asLong()).isEqualTo(items.size());
        JsonNode none = as(VERA_VIEWER).get("/api/v1/audit?entity=agent:" + changedAgent
                + "&to=2000-01-01T00:00:00Z").body();
        assertThat(none.path("totalItems").asLong()).isZero();
    }

    @Test
    @Order(5)
    void givenACall_whenItsAuditTimelineIsRead_thenTheRequestCarriesTheRequesterAndEveryEntryTheCallsCorrelationId() {
        String callId = callIds.iterator().next();
        JsonNode items = as(ALICE_ADMIN).get("/api/v1/audit?entity=call:" + callId).body().path("items");
        JsonNode request = items.get(items.size() - 1);
        assertThat(request.path("eventType").asText()).isEqualTo("CallRequestedEvent");
        assertThat(request.path("actorUserId").asText()).isIn(ALICE_ID, EDDIE_ID);
        assertThat(request.path("actorName").asText()).isIn("Alice Admin", "Eddie Editor");
        assertThat(request.path("entity").asText()).isEqualTo("call:" + callId);
        assertThat(items.findValuesAsText("correlationId")).containsOnly("it-call-" + callId);
    }

    @Test
    @Order(6)
    void givenAUser_whenTheirAuditTimelineIsRead_thenItListsWhatTheyDidInTheOrganization() {
        JsonNode eddie = as(ALICE_ADMIN).get("/api/v1/audit?entity=user:" + EDDIE_ID + "&size=200").body();
        assertThat(eddie.path("totalItems").asLong()).as("his agent changes and the calls he requested")
                .isGreaterThan(CALLS / 4);
        assertThat(eddie.path("items").findValuesAsText("actorUserId")).containsOnly(EDDIE_ID);
        // the calls are stamped in the coming weeks; what he did to agents happened within the last hour
        eddie = as(ALICE_ADMIN).get("/api/v1/audit?entity=user:" + EDDIE_ID + "&size=200&from="
                + Instant.now().minus(Duration.ofHours(1)) + "&to=" + Instant.now().plus(Duration.ofMinutes(10))).body();
        assertThat(eddie.path("items").findValuesAsText("actorUserId")).containsOnly(EDDIE_ID);
        assertThat(eddie.path("items").findValuesAsText("correlationId")).contains(changeCorrelationId);
    }

    @Test
    @Order(7)
    void givenAnotherOrganizationsEntities_whenTheirAuditTimelineIsAskedFor_thenTheAnswerIs404() {
        String callId = callIds.iterator().next();
        assertThat(as(GINA_ADMIN).get("/api/v1/audit?entity=agent:" + changedAgent).body().path("code").asText())
                .isEqualTo("AGENT_NOT_FOUND");
        assertThat(as(GINA_ADMIN).get("/api/v1/audit?entity=call:" + callId).body().path("code").asText())
                .isEqualTo("CALL_NOT_FOUND");
        Api.Response user = as(GINA_ADMIN).get("/api/v1/audit?entity=user:" + EDDIE_ID);
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.body().path("code").asText()).isEqualTo("USER_NOT_FOUND");
        assertThat(as(GINA_ADMIN).get("/api/v1/audit?entity=call:" + changedAgent).status())
                .as("an agent id is not a call").isEqualTo(404);
        assertThat(as(VERA_VIEWER).get("/api/v1/audit?entity=robot:1").status()).isEqualTo(400);
        assertThat(as(VERA_VIEWER).get("/api/v1/analytics/calls?from=2026-02-01&to=2026-01-01").body().path("code").asText())
                .isEqualTo("VALIDATION_FAILED");
        assertThat(as(VERA_VIEWER).get("/api/v1/analytics/calls?from=nope&to=2026-01-01").status()).isEqualTo(400);
        assertThat(as(VERA_VIEWER).get("/api/v1/analytics/calls").status()).isEqualTo(400);
        assertThat(api().get("/api/v1/analytics/calls?" + range()).status()).isEqualTo(401);

        JsonNode globex = as(GINA_ADMIN).get("/api/v1/analytics/calls?" + range() + "&agentId=" + changedAgent).body();
        assertThat(globex.path("total").path("calls").asLong()).as("another organization's agent has no calls here").isZero();
    }
}
