package ai.bvrai.bench.voice;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * OpenAI's chat completions and ElevenLabs' streaming speech as local HTTP/1.1 servers on 127.0.0.1 (the JDK's
 * {@link HttpServer}), speaking the documented wire formats with fixed latencies, and marking on a
 * {@link TurnTimeline} when a request arrived and when the first answer left.
 * <ul>
 *   <li>{@code POST /v1/chat/completions} ({@code Authorization: Bearer} {@link #OPENAI_KEY}, {@code "stream": true}):
 *       after {@link ProviderLatencyBenchmark.Latencies#llm()} an SSE chunk holding the whole first sentence of
 *       {@link ProviderLatencyBenchmark#REPLY}, then the next chunks {@code tokenInterval} apart, a chunk with
 *       {@code "finish_reason": "stop"} and {@code data: [DONE]};</li>
 *   <li>{@code POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_16000} ({@code xi-api-key}
 *       {@link #ELEVENLABS_KEY}): after {@link ProviderLatencyBenchmark.Latencies#tts()} the chunks of
 *       {@link ProviderLatencyBenchmark#SENTENCE_AUDIO} (PCM16, 16 kHz), chunked transfer encoding, each flushed.</li>
 * </ul>
 * A request the real provider would refuse is refused the way it would be (401, 400/404/422 with its error body), so
 * a wrongly wired benchmark fails instead of measuring a fallback.
 */
final class FakeProviderServers implements AutoCloseable {

    static final String OPENAI_KEY = "sk-bench-0123456789abcdef";
    static final String ELEVENLABS_KEY = "xi-bench-0123456789abcdef";

    private static final Pattern SPEECH_PATH = Pattern.compile("/v1/text-to-speech/[A-Za-z0-9_-]+/stream");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TurnTimeline timeline;
    private final ProviderLatencyBenchmark.Latencies latencies;
    private final ExecutorService handlers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("fake-provider-", 0).daemon().factory());
    private final HttpServer openAi;
    private final HttpServer elevenLabs;

    private FakeProviderServers(TurnTimeline timeline, ProviderLatencyBenchmark.Latencies latencies) throws IOException {
        this.timeline = timeline;
        this.latencies = latencies;
        // Like a provider's edge, the fakes put each chunk on the wire at once; without TCP_NODELAY a small chunk
        // that follows the response head could wait for the client's delayed ACK (Nagle), a latency of the fake.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        openAi = server("/v1/chat/completions", this::chatCompletions);
        elevenLabs = server("/v1/text-to-speech/", this::speech);
    }

    static FakeProviderServers start(TurnTimeline timeline, ProviderLatencyBenchmark.Latencies latencies) throws IOException {
        return new FakeProviderServers(timeline, latencies);
    }

    String openAiBaseUrl() {
        return "http://127.0.0.1:" + openAi.getAddress().getPort();
    }

    String elevenLabsBaseUrl() {
        return "http://127.0.0.1:" + elevenLabs.getAddress().getPort();
    }

    @Override
    public void close() {
        openAi.stop(0);
        elevenLabs.stop(0);
        handlers.shutdownNow();
    }

    private HttpServer server(String path, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            try (exchange) {
                handler.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(handlers);
        server.start();
        return server;
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    // ---------------------------------------------------------------------------------------------------------
    // OpenAI

    private void chatCompletions(HttpExchange exchange) throws IOException, InterruptedException {
        timeline.llmArrived();
        long answerAt = System.nanoTime() + latencies.llm().toNanos();
        JsonNode request = readJson(exchange);
        if (!("Bearer " + OPENAI_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, openAiError("Incorrect API key provided.", "invalid_api_key"));
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || request == null || !request.path("stream").asBoolean()
                || !request.path("messages").isArray()) {
            answer(exchange, 400, openAiError("This benchmark's fake only streams chat completions.", "invalid_request"));
            return;
        }
        String model = request.path("model").asText();
        holdUntil(answerAt);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<String> reply = ProviderLatencyBenchmark.REPLY;
        ObjectNode first = JSON.createObjectNode().put("role", "assistant").put("content", reply.getFirst());
        event(out, chunk(model, first, null));
        timeline.llmFirstChunk();
        for (String token : reply.subList(1, reply.size())) {
            pace(latencies.tokenInterval());
            event(out, chunk(model, JSON.createObjectNode().put("content", token), null));
        }
        event(out, chunk(model, JSON.createObjectNode(), "stop"));
        event(out, "[DONE]");
    }

    private static String chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = JSON.createObjectNode().put("id", "chatcmpl-bench").put("object", "chat.completion.chunk")
                .put("created", Instant.now().getEpochSecond()).put("model", model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return chunk.toString();
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(UTF_8));
        out.flush();
    }

    private static String openAiError(String message, String code) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error").put("code", code);
        return body.toString();
    }

    // ---------------------------------------------------------------------------------------------------------
    // ElevenLabs

    private void speech(HttpExchange exchange) throws IOException, InterruptedException {
        timeline.ttsArrived();
        long answerAt = System.nanoTime() + latencies.tts().toNanos();
        JsonNode request = readJson(exchange);
        if (!"POST".equals(exchange.getRequestMethod()) || !SPEECH_PATH.matcher(exchange.getRequestURI().getPath()).matches()) {
            answer(exchange, 404, elevenLabsError("not_found", "Not found"));
            return;
        }
        if (!ELEVENLABS_KEY.equals(exchange.getRequestHeaders().getFirst("xi-api-key"))) {
            answer(exchange, 401, elevenLabsError("invalid_api_key", "Invalid API key"));
            return;
        }
        if (!"output_format=pcm_16000".equals(exchange.getRequestURI().getRawQuery()) || request == null
                || request.path("text").asText().isBlank()) {
            answer(exchange, 422, elevenLabsError("invalid_request", "This benchmark's fake speaks pcm_16000 only"));
            return;
        }
        holdUntil(answerAt);
        exchange.getResponseHeaders().set("Content-Type", "audio/pcm");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        boolean first = true;
        for (byte[] audio : ProviderLatencyBenchmark.SENTENCE_AUDIO) {
            out.write(audio);
            out.flush();
            if (first) {
                timeline.ttsFirstAudio();
                first = false;
            }
        }
    }

    private static String elevenLabsError(String status, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("detail").put("status", status).put("message", message);
        return body.toString();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** The provider's fixed latency, counted from the request's arrival however long reading it took. */
    private static void holdUntil(long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        if (wait > 0) {
            // a fixed-latency fake: the latency is the point
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    /** A model writing its next token: real-time pacing of the stream. */
    private static void pace(Duration interval) throws InterruptedException {
        if (interval.isPositive()) {
            Thread.sleep(interval);
        }
    }
}
