package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static ai.bvrai.voice.llm.LlmTestSupport.endpoint;
import static ai.bvrai.voice.llm.LlmTestSupport.failureOf;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the providers' failures become: classified {@link ProviderException}s, each after exactly one request. */
class LlmFailuresTest extends WireMockLlmTest {

    static final String KEY = "sk-test-org-a-0123456789abcdef";
    static final Duration READ_TIMEOUT = Duration.ofMillis(400);
    static final Map<String, String> PATHS = Map.of("openai", "/v1/chat/completions", "anthropic", "/v1/messages",
            "ollama", "/api/chat");
    static final Map<String, String> MODELS = Map.of("openai", "gpt-4o-mini", "anthropic", "claude-3-5-haiku-latest",
            "ollama", "llama3.2");

    @Override
    LanguageModels newModels() {
        return new LanguageModels(Duration.ofSeconds(2), READ_TIMEOUT);
    }

    ChatModel model(String provider) {
        return models.model(provider, endpoint(server, KEY));
    }

    static Prompt prompt(String provider) {
        return LlmTestSupport.prompt(LanguageModels.options(provider, new LlmSettings(provider, MODELS.get(provider), 0.7, 100), List.of()));
    }

    /** The provider's documented error body, with a message that echoes the key as OpenAI's 401 does. */
    static String errorBody(String provider, String message) {
        return switch (provider) {
            case "openai" -> "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
            case "anthropic" -> "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"" + message + "\"}}";
            default -> "{\"error\":\"" + message + "\"}";
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "openai, 401, AUTHENTICATION", "openai, 429, RATE_LIMITED", "openai, 500, SERVER_ERROR",
            "anthropic, 401, AUTHENTICATION", "anthropic, 429, RATE_LIMITED", "anthropic, 500, SERVER_ERROR",
            "ollama, 401, AUTHENTICATION", "ollama, 429, RATE_LIMITED", "ollama, 500, SERVER_ERROR",
            "openai, 400, REJECTED", "anthropic, 529, SERVER_ERROR"})
    void givenAnHttpError_whenStreaming_thenItIsClassifiedWithoutTheKeyAndNotRetried(String provider, int status, Kind kind) {
        server.stubFor(post(PATHS.get(provider)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(errorBody(provider, "Provider says no (status " + status + ") to key " + KEY))));

        ProviderException failure = LlmFailures.classify(provider, failureOf(model(provider).stream(prompt(provider))));

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.httpStatus()).contains(status);
        assertThat(failure.provider()).isEqualTo(provider);
        assertThat(failure.getMessage()).startsWith(provider + ": HTTP " + status).doesNotContain(KEY);
        if (kind != Kind.AUTHENTICATION) {
            assertThat(failure.getMessage()).contains("Provider says no (status " + status + ")");
        }
        server.verify(1, postRequestedFor(urlEqualTo(PATHS.get(provider))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"openai, 500, SERVER_ERROR", "anthropic, 500, SERVER_ERROR", "ollama, 500, SERVER_ERROR",
            "openai, 401, AUTHENTICATION", "anthropic, 429, RATE_LIMITED"})
    void givenAnHttpError_whenCallingWithoutStreaming_thenItIsClassifiedAndSpringAiDoesNotRetry(String provider, int status, Kind kind) {
        server.stubFor(post(PATHS.get(provider)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(errorBody(provider, "Key " + KEY + " failed"))));

        assertThatThrownBy(() -> model(provider).call(prompt(provider)))
                .satisfies(thrown -> {
                    ProviderException failure = LlmFailures.classify(provider, thrown);
                    assertThat(failure.kind()).isEqualTo(kind);
                    assertThat(failure.httpStatus()).contains(status);
                    assertThat(failure.getMessage()).doesNotContain(KEY);
                });
        server.verify(1, postRequestedFor(urlEqualTo(PATHS.get(provider))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "anthropic", "ollama"})
    void givenAnAnswerSlowerThanTheReadTimeout_whenStreaming_thenItFailsAsTimeout(String provider) {
        server.stubFor(post(PATHS.get(provider)).willReturn(aResponse().withFixedDelay(3000)
                .withHeader("Content-Type", "text/event-stream").withBody("")));

        Throwable failure = failureOf(LanguageModels.guardedStream(provider, model(provider), prompt(provider)));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        server.verify(1, postRequestedFor(urlEqualTo(PATHS.get(provider))));
    }

    @Test
    void givenAStreamThatFallsSilentMidway_whenStreaming_thenTheDeltasSoFarArriveAndItFailsAsTimeout() throws IOException {
        try (RawServer silent = new RawServer(delta("Hel") + delta("lo"), true)) {
            List<String> received = new CopyOnWriteArrayList<>();

            Throwable failure = failureOf(LanguageModels.guardedStream("openai", silent.model(), prompt("openai"))
                    .doOnNext(response -> received.addAll(LlmTestSupport.texts(List.of(response)))));

            assertThat(received).first().isEqualTo("Hel");
            assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TIMEOUT));
        }
    }

    @Test
    void givenAConnectionThatBreaksMidway_whenStreaming_thenItFailsAsConnection() throws IOException {
        try (RawServer breaking = new RawServer(delta("Hel") + delta("lo"), false)) {

            Throwable failure = failureOf(LanguageModels.guardedStream("openai", breaking.model(), prompt("openai")));

            assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
        }
    }

    static String delta(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    /**
     * An OpenAI look-alike that answers one request with a 200 head and one chunk of a chunked SSE body, then either
     * falls silent or drops the connection without ending the body — what WireMock cannot play (its dribble holds
     * back the head too). It runs on its own thread: the JDK client completes response heads on the common pool.
     */
    final class RawServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CountDownLatch over = new CountDownLatch(1);

        RawServer(String chunk, boolean holdOpen) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket client = socket.accept()) {
                    readHead(client.getInputStream());
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (holdOpen) {
                        over.await();
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        ChatModel model() {
            return models.model("openai", new ModelEndpoint(URI.create("http://127.0.0.1:" + socket.getLocalPort()), KEY));
        }

        @Override
        public void close() throws IOException {
            over.countDown();
            socket.close();
        }

        private static void readHead(InputStream in) throws IOException {
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            int matched = 0;
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
        }
    }

    @Test
    void givenNoServerListening_whenStreaming_thenItFailsAsConnection() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ChatModel model = models.model("openai", new ModelEndpoint(URI.create("http://127.0.0.1:" + closedPort), KEY));

        Throwable failure = failureOf(LanguageModels.guardedStream("openai", model, prompt("openai")));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CONNECTION);
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
    }
}
