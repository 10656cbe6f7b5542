package ai.bvrai.platform.it;

import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.GINA_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.TestSpeech;
import ai.bvrai.voice.stt.deepgram.FakeDeepgram;
import ai.bvrai.voice.tools.ToolSignature;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Web calls on cloud providers, each played by a local server that speaks the provider's documented protocol:
 * OpenAI's streaming chat completions (SSE) and ElevenLabs' streaming speech on WireMock, Deepgram's live
 * transcription on a WebSocket server, and the organization's own HTTP tool on WireMock. Globex brings its own keys
 * (set through the API, so they travel the encrypted credentials store); every request must carry Globex's key.
 */
class ProvidersIT extends IntegrationTest {

    private static final String OPENAI_KEY = "sk-globex-test-0000000000000001";
    private static final String ELEVENLABS_KEY = "el-globex-test-0000000000000001";
    private static final String DEEPGRAM_KEY = FakeDeepgram.API_KEY;   // the only key the fake server accepts
    private static final String SIGNING_SECRET = "whsec-globex-test-000000000001";
    private static final String QUESTION = "where is my order forty two";
    private static final String ANSWER = "Your order 42 has shipped. It arrives tomorrow.";

    @TempDir
    static Path speechDir;
    private static byte[] question;
    private static final WireMockServer cloud = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    private static FakeDeepgram deepgram;
    /** user → providers set; removed after each test */
    private final Map<String, List<String>> providersSet = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void startProviders() throws Exception {
        question = Pcm16.toBytes(TestSpeech.espeak(QUESTION, speechDir));
        cloud.start();
        deepgram = FakeDeepgram.listening();
    }

    @AfterAll
    static void stopProviders() throws Exception {
        cloud.stop();
        deepgram.stop(1_000);
    }

    @AfterEach
    void removeCredentials() {
        providersSet.forEach((user, providers) ->
                providers.forEach(provider -> as(user).delete("/api/v1/organization/providers/" + provider)));
        cloud.resetAll();
    }

    private void setProvider(String admin, String provider, Map<String, String> fields) {
        Api.Response put = as(admin).send("PUT", "/api/v1/organization/providers/" + provider, fields);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        providersSet.computeIfAbsent(admin, a -> new ArrayList<>()).add(provider);
    }

    /** 16 kHz PCM16 of a loud 440 Hz tone, as ElevenLabs streams {@code pcm_16000}. */
    private static byte[] tone(int ms) {
        ByteBuffer pcm = ByteBuffer.allocate(ms * 32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ms * 16; i++) {
            pcm.putShort((short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0)));
        }
        return pcm.array();
    }

    private static String sse(String... chunks) {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) {
            body.append("data: ").append(chunk).append("\n\n");
        }
        return body.append("data: [DONE]\n\n").toString();
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static String text(String text) {
        return chunk("{\"content\":\"" + text + "\"}", null);
    }

    private void stubElevenLabs(String voice) {
        cloud.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/text-to-speech/" + voice + "/stream"))
                .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "audio/pcm")
                        .withBody(tone(600)).withChunkedDribbleDelay(4, 40)));
    }

    private String publishedAgent(String admin, Map<String, Object> definition) {
        Api.Response created = as(admin).post("/api/v1/agents", definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String agentId = created.body().get("agentId").asText();
        Api.Response published = as(admin).post("/api/v1/agents/" + agentId + "/publish", null);
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        return agentId;
    }

    private Map<String, Object> cloudAgent(String model, String voice) {
        return Map.of(
                "name", unique("Cloud"),
                "systemPrompt", "You are the order desk of Globex. Today is {{current_date}}.",
                "firstMessage", "Hello from Globex.",
                "llm", Map.of("provider", "openai", "model", model, "temperature", 0.2, "maxTokens", 200),
                "voice", Map.of("provider", "elevenlabs", "voiceId", voice),
                "stt", Map.of("provider", "deepgram", "model", "nova-3"),
                "tools", List.of(Map.of("name", "order_status", "description", "Looks up where an order is",
                        "parameters", Map.of("type", "object",
                                "properties", Map.of("order", Map.of("type", "string")), "required", List.of("order")),
                        "url", cloud.baseUrl() + "/tools/order-status", "timeoutMs", 2_000)));
    }

    /** Connects, waits for the greeting, asks the question and waits for {@code replies} more agent turns. */
    private String talk(String admin, String agentId, int replies) throws Exception {
        Api.Response started = as(admin).post("/api/v1/calls", Map.of("agentId", agentId));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String callId = started.body().get("callId").asText();
        BrowserClient browser = BrowserClient.connect(URI.create("ws://127.0.0.1:" + port + "/api/v1/calls/" + callId
                + "/stream?token=" + started.body().get("sessionToken").asText()));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> browser.count("agent_done") >= 1);
            browser.say(question);
            await().atMost(Duration.ofSeconds(40)).until(() -> browser.count("agent_done") >= 1 + replies);
            browser.send("{\"type\":\"hangup\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.closed.isDone());
        } finally {
            browser.stop();
        }
        await().atMost(Duration.ofSeconds(20)).until(() ->
                as(admin).get("/api/v1/calls/" + callId).body().path("recording").isObject());
        return callId;
    }

    private static List<String> agentTexts(JsonNode view) {
        List<String> texts = new ArrayList<>();
        view.path("turns").forEach(turn -> {
            if (turn.path("speaker").asText().equals("AGENT")) {
                texts.add(turn.path("text").asText());
            }
        });
        return texts;
    }

    @Test
    void givenAnAgentOnCloudProviders_whenTheCallerAsks_thenTheModelCallsTheToolAndTheAnswerIsSpokenWithGlobexsKeys()
            throws Exception {
        setProvider(GINA_ADMIN, "openai", Map.of("apiKey", OPENAI_KEY, "baseUrl", cloud.baseUrl()));
        setProvider(GINA_ADMIN, "elevenlabs", Map.of("apiKey", ELEVENLABS_KEY, "baseUrl", cloud.baseUrl()));
        setProvider(GINA_ADMIN, "deepgram", Map.of("apiKey", DEEPGRAM_KEY, "baseUrl", deepgram.uri().toString()));
        setProvider(GINA_ADMIN, "webhooks", Map.of("signingSecret", SIGNING_SECRET));
        stubElevenLabs("voice-rachel");
        deepgram.answerFinalizeWith(QUESTION);
        // the model asks for the tool first (arguments in fragments), then answers with its result
        cloud.stubFor(WireMock.post("/v1/chat/completions").atPriority(5)
                .willReturn(WireMock.ok(sse(
                        chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                                + "\"type\":\"function\",\"function\":{\"name\":\"order_status\",\"arguments\":\"\"}}]}", null),
                        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"order\\\":\"}}]}", null),
                        chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"42\\\"}\"}}]}", null),
                        chunk("{}", "tool_calls"))).withHeader("Content-Type", "text/event-stream")));
        cloud.stubFor(WireMock.post("/v1/chat/completions").atPriority(1)
                .withRequestBody(WireMock.containing("\"tool_call_id\""))
                .willReturn(WireMock.ok(sse(text("Your order 42 "), text("has shipped. "), text("It arrives tomorrow."),
                        chunk("{}", "stop"))).withHeader("Content-Type", "text/event-stream")));
        cloud.stubFor(WireMock.post("/tools/order-status")
                .willReturn(WireMock.okJson("{\"order\":\"42\",\"status\":\"shipped\",\"eta\":\"tomorrow\"}")));

        String callId = talk(GINA_ADMIN, publishedAgent(GINA_ADMIN, cloudAgent("gpt-4o-mini", "voice-rachel")), 1);

        JsonNode view = as(GINA_ADMIN).get("/api/v1/calls/" + callId).body();
        assertThat(agentTexts(view)).containsExactly("Hello from Globex.", ANSWER);
        assertThat(view.path("turns").toString()).contains(QUESTION);
        assertThat(view.path("providerErrors")).as(view.toString()).isEmpty();
        JsonNode invocation = view.path("toolInvocations").get(0);
        assertThat(invocation.path("toolName").asText()).isEqualTo("order_status");
        assertThat(invocation.path("arguments").asText()).isEqualTo("{\"order\":\"42\"}");
        assertThat(invocation.path("result").asText()).contains("shipped");
        assertThat(invocation.path("error").isNull()).isTrue();

        // every provider request carried Globex's own key
        List<LoggedRequest> completions = cloud.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions")));
        assertThat(completions).hasSize(2).allSatisfy(request ->
                assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + OPENAI_KEY));
        assertThat(completions.getFirst().getBodyAsString()).contains("\"model\":\"gpt-4o-mini\"", "\"stream\":true",
                "You are the order desk of Globex. Today is ", "order_status", "end_call");
        assertThat(completions.get(1).getBodyAsString()).contains("\"tool_call_id\":\"call_1\"", "shipped");
        assertThat(cloud.findAll(WireMock.postRequestedFor(WireMock.urlPathMatching("/v1/text-to-speech/.*"))))
                .isNotEmpty().allSatisfy(request -> assertThat(request.getHeader("xi-api-key")).isEqualTo(ELEVENLABS_KEY));
        assertThat(deepgram.authorization()).isEqualTo("Token " + DEEPGRAM_KEY);

        // the tool request was signed with Globex's signing secret
        LoggedRequest tool = cloud.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/tools/order-status"))).getFirst();
        long timestamp = Long.parseLong(tool.getHeader(ToolSignature.TIMESTAMP_HEADER));
        assertThat(ToolSignature.verify(SIGNING_SECRET, timestamp, tool.getBody(),
                tool.getHeader(ToolSignature.SIGNATURE_HEADER))).isTrue();
        assertThat(new String(tool.getBody(), StandardCharsets.UTF_8)).contains("\"callId\":\"" + callId + "\"",
                "\"arguments\":{\"order\":\"42\"}");

        // the tool invocation is an event of the call; no key is in any event
        List<String> payloads = jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?").param(callId).query(String.class).list();
        assertThat(payloads).anyMatch(p -> p.contains("order_status") && p.contains("shipped"));
        assertThat(String.join("\n", payloads)).doesNotContain(OPENAI_KEY, ELEVENLABS_KEY, DEEPGRAM_KEY, SIGNING_SECRET);
    }

    @Test
    void givenProvidersThatFail_whenCalled_thenOfflineEnginesAndTheFallbackServeAndEveryErrorIsRecorded() throws Exception {
        // Acme, so that these failures count against Acme's circuit breakers, not Globex's
        setProvider(ALICE_ADMIN, "openai", Map.of("apiKey", "sk-acme-test-0000000000000001", "baseUrl", cloud.baseUrl()));
        setProvider(ALICE_ADMIN, "elevenlabs", Map.of("apiKey", "el-acme-test-0000000000000001", "baseUrl", cloud.baseUrl()));
        setProvider(ALICE_ADMIN, "deepgram", Map.of("apiKey", "dg-acme-test-0000000000000001",
                "baseUrl", "ws://127.0.0.1:" + closedPort()));
        cloud.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/text-to-speech/voice-revoked/stream"))
                .willReturn(WireMock.aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}")));
        cloud.stubFor(WireMock.post("/v1/chat/completions")
                .willReturn(WireMock.aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));

        String callId = talk(ALICE_ADMIN, publishedAgent(ALICE_ADMIN, cloudAgent("gpt-4o-mini", "voice-revoked")), 1);

        JsonNode view = as(ALICE_ADMIN).get("/api/v1/calls/" + callId).body();
        assertThat(view.path("endReason").asText()).isEqualTo("CALLER_HUNG_UP");
        assertThat(agentTexts(view)).containsExactly("Hello from Globex.", "Sorry, I had a problem. Could you say that again?");
        List<String> errors = new ArrayList<>();
        view.path("providerErrors").forEach(e -> errors.add(e.path("stage").asText() + " " + e.path("provider").asText()
                + " " + e.path("errorClass").asText() + " -> " + e.path("fallback").asText()));
        assertThat(errors).as(view.path("providerErrors").toString())
                .contains("STT deepgram CONNECTION -> vosk", "LLM openai SERVER_ERROR -> fallback-message")
                .anyMatch(e -> e.matches("TTS elevenlabs AUTHENTICATION -> (flite|freetts)"));
        // a 500 before the first token is retried once, a refused key never
        assertThat(cloud.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/v1/chat/completions")))).hasSize(2);
        assertThat(view.path("turns").toString()).as("the offline recognizer heard the caller").contains("order");
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
