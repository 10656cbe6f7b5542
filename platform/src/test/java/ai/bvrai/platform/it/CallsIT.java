package ai.bvrai.platform.it;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.call.StoreCallRecordingCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.security.CallSessionTokens;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ai.bvrai.platform.it.Keycloak.ACME;
import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.EDDIE_EDITOR;
import static ai.bvrai.platform.it.Keycloak.GINA_ADMIN;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Web calls end to end: started through the API, spoken through the voice runtime's commands, reviewed through the API. */
class CallsIT extends IntegrationTest {

    @Autowired
    private CommandGateway commands;

    @Autowired
    private RecordingStore recordings;

    @Autowired
    private CallSessionTokens sessionTokens;

    /** Creates and publishes an agent as the user and answers its id. */
    private String publishedAgent(String username, Map<String, Object> definition) {
        Api.Response created = as(username).post("/api/v1/agents", definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String agentId = created.body().get("agentId").asText();
        Api.Response published = as(username).post("/api/v1/agents/" + agentId + "/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return agentId;
    }

    private String publishedAgent(String username) {
        return publishedAgent(username, agent(unique("Calls")));
    }

    private String startCall(String username, String agentId) {
        Api.Response started = as(username).post("/api/v1/calls", Map.of("agentId", agentId));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.body().get("callId").asText();
    }

    /** What the voice runtime sends: the call's commands with the call's organization in the metadata. */
    private Object send(Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(MetadataKeys.ORGANIZATION_ID, ACME)));
    }

    private static TurnLatency latency(long firstAudioSentMs) {
        return new TurnLatency(500L, 560L, firstAudioSentMs - 200, firstAudioSentMs - 50, firstAudioSentMs);
    }

    @Test
    void givenAPublishedAgent_whenAnEditorStartsAWebCall_thenItAnswersWhereToStreamAndTheCallIsReadableAtOnce() {
        String agentId = publishedAgent(ALICE_ADMIN);

        Instant before = Instant.now();
        Api.Response started = as(EDDIE_EDITOR).post("/api/v1/calls", Map.of("agentId", agentId));

        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode body = started.body();
        String callId = body.get("callId").asText();
        String token = body.get("sessionToken").asText();
        assertThat(started.header("Location")).isEqualTo("/api/v1/calls/" + callId);
        assertThat(body.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(body.get("agentId").asText()).isEqualTo(agentId);
        assertThat(body.get("agentVersion").asInt()).isEqualTo(1);
        assertThat(body.get("websocketUrl").asText())
                .isEqualTo("ws://127.0.0.1:" + port + "/api/v1/calls/" + callId + "/stream?token=" + token);
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(before.plus(Duration.ofMinutes(5)).minusSeconds(2), before.plus(Duration.ofMinutes(6)));
        CallSessionTokens.CallSession session = sessionTokens.verify(token).orElseThrow();
        assertThat(session.callId()).isEqualTo(callId);
        assertThat(session.organizationId()).isEqualTo(ACME);
        assertThat(session.agentVersion()).isEqualTo(1);

        // read-your-writes: the call is there the moment the answer arrives, for anyone of the organization
        Api.Response call = as(VERA_VIEWER).get("/api/v1/calls/" + callId);
        assertThat(call.status()).as(call.toString()).isEqualTo(200);
        assertThat(call.body().get("status").asText()).isEqualTo("REQUESTED");
        assertThat(call.body().get("direction").asText()).isEqualTo("WEB");
        assertThat(call.body().get("agentVersion").asInt()).isEqualTo(1);
        assertThat(call.body().at("/variables/company").asText()).isEqualTo("Acme");
        assertThat(call.body().at("/limits/maxDurationSeconds").asInt()).isEqualTo(600);
        assertThat(call.body().at("/limits/silenceTimeoutSeconds").asInt()).isEqualTo(30);
        assertThat(call.body().at("/limits/connectTimeoutSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void givenAViewer_whenStartingOrHangingUpACall_thenTheRoleDoesNotAllowIt() {
        String agentId = publishedAgent(ALICE_ADMIN);
        String callId = startCall(ALICE_ADMIN, agentId);

        assertThat(as(VERA_VIEWER).post("/api/v1/calls", Map.of("agentId", agentId)).status()).isEqualTo(403);
        assertThat(as(VERA_VIEWER).post("/api/v1/calls/" + callId + "/hangup", null).status()).isEqualTo(403);
    }

    @Test
    void givenAnAgentNeverPublished_whenACallIsStarted_thenItIsAConflict() {
        String agentId = createAgent(ALICE_ADMIN, unique("Draft"));

        Api.Response started = as(ALICE_ADMIN).post("/api/v1/calls", Map.of("agentId", agentId));

        assertThat(started.status()).as(started.toString()).isEqualTo(409);
        assertThat(started.body().get("code").asText()).isEqualTo("AGENT_NOT_PUBLISHED");
    }

    @Test
    void givenAPromptVariableWithoutValue_whenACallIsStarted_thenItIsRefusedNamingIt_andAcceptedOnceTheRequestGivesIt() {
        String agentId = publishedAgent(ALICE_ADMIN, Map.of("name", unique("Branch"),
                "systemPrompt", "You answer for {{company}} in {{city}}.", "firstMessage", "Welcome to {{ branch }}!",
                "variables", Map.of("company", "Acme")));

        Api.Response refused = as(ALICE_ADMIN).post("/api/v1/calls", Map.of("agentId", agentId));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().get("code").asText()).isEqualTo("CALL_VARIABLES_MISSING");
        assertThat(refused.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("variables.branch", "variables.city");

        Api.Response started = as(ALICE_ADMIN).post("/api/v1/calls", Map.of("agentId", agentId,
                "variables", Map.of("city", "Berlin", "branch", "Mitte", "company", "Acme Berlin")));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        JsonNode variables = as(ALICE_ADMIN).get("/api/v1/calls/" + started.body().get("callId").asText())
                .body().get("variables");
        assertThat(variables.get("city").asText()).isEqualTo("Berlin");
        assertThat(variables.get("branch").asText()).isEqualTo("Mitte");
        assertThat(variables.get("company").asText()).isEqualTo("Acme Berlin");
    }

    @Test
    void givenAnotherOrganizationsAgentOrCall_whenUsed_thenItDoesNotExistForTheCaller() {
        String agentId = publishedAgent(ALICE_ADMIN);
        String callId = startCall(ALICE_ADMIN, agentId);

        Api globex = as(GINA_ADMIN);
        Api.Response started = globex.post("/api/v1/calls", Map.of("agentId", agentId));
        assertThat(started.status()).as(started.toString()).isEqualTo(404);
        assertThat(started.body().get("code").asText()).isEqualTo("AGENT_NOT_FOUND");
        for (Api.Response response : List.of(globex.get("/api/v1/calls/" + callId),
                globex.get("/api/v1/calls/" + callId + "/recording"),
                globex.post("/api/v1/calls/" + callId + "/hangup", null))) {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.body().get("code").asText()).isEqualTo("CALL_NOT_FOUND");
        }
        assertThat(globex.get("/api/v1/calls?size=100").body().get("items"))
                .extracting(item -> item.get("callId").asText()).doesNotContain(callId);
        assertThat(as(ALICE_ADMIN).get("/api/v1/calls/" + callId).body().get("status").asText()).isEqualTo("REQUESTED");

        Api.Response unknown = as(ALICE_ADMIN).post("/api/v1/calls/" + UUID.randomUUID() + "/hangup", null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.body().get("code").asText()).isEqualTo("CALL_NOT_FOUND");
    }

    @Test
    void givenACallWithAConversation_whenReviewed_thenTurnsAreInSpokenOrderWithLatency_andHangUpAndFiltersWork() {
        String agentId = publishedAgent(ALICE_ADMIN);
        String word = "zebra" + UUID.randomUUID().toString().substring(0, 6);
        String talked = startCall(EDDIE_EDITOR, agentId);
        String quiet = startCall(EDDIE_EDITOR, agentId);

        send(new ConnectCallCommand(talked, "node-it"));
        send(new RecordAgentTurnCommand(talked, 0, "Hello, Acme here.", false, 0, 1_200,
                new TurnLatency(null, null, null, null, null)));
        send(new RecordUserTurnCommand(talked, 1, "Do you sell " + word.toUpperCase() + " crossings?", 1_500, 3_000));
        send(new RecordAgentTurnCommand(talked, 1, "Yes, we sell", true, 3_800, 4_400, latency(800)));
        send(new RecordUserTurnCommand(talked, 2, "Great, how much?", 4_300, 5_500));
        send(new RecordAgentTurnCommand(talked, 2, "Ten dollars.", false, 6_100, 7_000, latency(600)));
        send(new RecordAgentTurnCommand(talked, 3, "Anything else?", false, 7_200, 8_000, latency(1_000)));

        Api.Response hungUp = as(EDDIE_EDITOR).post("/api/v1/calls/" + talked + "/hangup", null);
        assertThat(hungUp.status()).as(hungUp.toString()).isEqualTo(200);
        assertThat(hungUp.body().get("status").asText()).isEqualTo("ENDED");
        assertThat(hungUp.body().get("endReason").asText()).isEqualTo("ENDED_VIA_API");
        assertThat(hungUp.body().get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        // hanging up again changes nothing
        assertThat(as(EDDIE_EDITOR).post("/api/v1/calls/" + talked + "/hangup", null).body().get("endReason").asText())
                .isEqualTo("ENDED_VIA_API");

        JsonNode call = as(VERA_VIEWER).get("/api/v1/calls/" + talked).body();
        assertThat(call.get("node").asText()).isEqualTo("node-it");
        assertThat(call.get("connectedAt").isNull()).isFalse();
        assertThat(call.get("endedAt").isNull()).isFalse();
        assertThat(call.get("turns")).extracting(t -> t.get("speaker").asText() + t.get("turn").asInt())
                .containsExactly("AGENT0", "USER1", "AGENT1", "USER2", "AGENT2", "AGENT3");
        JsonNode interrupted = call.get("turns").get(2);
        assertThat(interrupted.get("text").asText()).isEqualTo("Yes, we sell");
        assertThat(interrupted.get("interrupted").asBoolean()).isTrue();
        assertThat(interrupted.at("/latency/firstAudioSentMs").asLong()).isEqualTo(800);
        assertThat(call.get("turns").get(1).get("latency").isNull()).isTrue();
        assertThat(call.at("/latency/measuredTurns").asInt()).isEqualTo(3);
        assertThat(call.at("/latency/firstAudioSentP50Ms").asLong()).isEqualTo(800);
        assertThat(call.at("/latency/firstAudioSentMaxMs").asLong()).isEqualTo(1_000);

        // filters: status, agent, transcript text (case-insensitive), paging, sorting
        Api viewer = as(VERA_VIEWER);
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId))).containsExactly(quiet, talked);
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&status=ENDED"))).containsExactly(talked);
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&status=REQUESTED"))).containsExactly(quiet);
        assertThat(ids(viewer.get("/api/v1/calls?q=" + word))).containsExactly(talked);
        assertThat(ids(viewer.get("/api/v1/calls?q=" + word + "x"))).isEmpty();
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&direction=INBOUND"))).isEmpty();
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&sort=requestedAt,asc"))).containsExactly(talked, quiet);
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&sort=durationMs,desc"))).containsExactly(talked, quiet);
        Api.Response firstPage = viewer.get("/api/v1/calls?agentId=" + agentId + "&size=1&page=0");
        assertThat(ids(firstPage)).containsExactly(quiet);
        assertThat(firstPage.body().get("totalItems").asLong()).isEqualTo(2);
        assertThat(firstPage.body().get("totalPages").asInt()).isEqualTo(2);
        assertThat(firstPage.body().get("totalExact").asBoolean()).as("a small list is counted exactly").isTrue();
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&size=1&page=1"))).containsExactly(talked);
        String requestedAt = call.get("requestedAt").asText();
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&to=" + requestedAt))).isEmpty();
        assertThat(ids(viewer.get("/api/v1/calls?agentId=" + agentId + "&from=" + requestedAt))).contains(talked);
        JsonNode summary = viewer.get("/api/v1/calls?q=" + word).body().get("items").get(0);
        assertThat(summary.get("turnCount").asInt()).isEqualTo(6);
        assertThat(summary.get("endReason").asText()).isEqualTo("ENDED_VIA_API");
        assertThat(viewer.get("/api/v1/calls?sort=name,asc").status()).isEqualTo(400);
    }

    @Test
    void givenAStoredRecording_whenItIsFetched_thenTheSameWavBytesComeBack() throws Exception {
        String callId = startCall(ALICE_ADMIN, publishedAgent(ALICE_ADMIN));
        send(new ConnectCallCommand(callId, "node-it"));
        assertThat(as(VERA_VIEWER).get("/api/v1/calls/" + callId + "/recording").body().get("code").asText())
                .isEqualTo("RECORDING_NOT_FOUND");

        byte[] wav = tinyWav();
        String location = recordings.store(ACME, callId, "wav", new ByteArrayInputStream(wav));
        send(new StoreCallRecordingCommand(callId, location, "audio/wav", 25, wav.length));

        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/calls/" + callId + "/recording"))
                .header("Authorization", "Bearer " + Keycloak.token(VERA_VIEWER)).build();
        HttpResponse<byte[]> response = await().atMost(Duration.ofSeconds(10)).until(
                () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()),
                r -> r.statusCode() == 200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/wav");
        assertThat(response.body()).isEqualTo(wav);
        assertThat(as(VERA_VIEWER).get("/api/v1/calls/" + callId).body().at("/recording/bytes").asLong())
                .isEqualTo(wav.length);
    }

    @Test
    void givenACallThatNeverConnects_whenItsConnectTimeoutPasses_thenTheDurableDeadlineEndsItWithError() {
        String agentId = publishedAgent(ALICE_ADMIN);
        String callId = UUID.randomUUID().toString();

        send(new RequestCallCommand(callId, ACME, agentId, 1, CallDirection.WEB, null, null, Map.of("company", "Acme"),
                new CallLimits(600, 30, 2), "UTC"));

        // the deadline is a row in PostgreSQL (db-scheduler), not a timer in this JVM's memory
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingDeadlinesFor(callId) == 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode call = as(ALICE_ADMIN).get("/api/v1/calls/" + callId).body();
            assertThat(call.get("status").asText()).isEqualTo("ENDED");
            assertThat(call.get("endReason").asText()).isEqualTo("ERROR");
            assertThat(call.get("durationMs").asLong()).isZero();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> pendingDeadlinesFor(callId) == 0);
    }

    /** Deadlines in db-scheduler's table whose serialized payload is this call's id. */
    private long pendingDeadlinesFor(String callId) {
        return jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE position(convert_to(:call, 'UTF8') IN task_data) > 0")
                .param("call", callId).query(Long.class).single();
    }

    private static List<String> ids(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body().get("items").findValuesAsText("callId");
    }

    /** 25 ms of 16 kHz stereo PCM16 silence with a WAV header. */
    private static byte[] tinyWav() {
        int frames = 400;
        int dataBytes = frames * 4;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(16_000)
                .putInt(16_000 * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            wav.putShort((short) (i * 37)).putShort((short) -(i * 11));
        }
        return wav.array();
    }
}
