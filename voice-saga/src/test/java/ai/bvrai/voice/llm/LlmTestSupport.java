package ai.bvrai.voice.llm;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A local server playing a provider, prompts, a tool, and ways to read a stream's outcome. */
final class LlmTestSupport {

    static final String SYSTEM = "You are the receptionist of Acme Dental.";
    static final String USER = "What's the weather in Paris?";
    static final Duration WAIT = Duration.ofSeconds(10);

    private LlmTestSupport() {
    }

    static WireMockServer startServer() {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    static ModelEndpoint endpoint(WireMockServer server, String apiKey) {
        return new ModelEndpoint(URI.create(server.baseUrl()), apiKey);
    }

    static Prompt prompt(ChatOptions options) {
        return new Prompt(List.of(new SystemMessage(SYSTEM), new UserMessage(USER)), options);
    }

    /** An OpenAI-style SSE body: one {@code data:} line per payload. */
    static String sse(String... data) {
        StringBuilder body = new StringBuilder();
        for (String line : data) {
            body.append("data: ").append(line).append("\n\n");
        }
        return body.toString();
    }

    /** An Anthropic-style SSE body from (event name, data) pairs. */
    static String events(String... nameAndData) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < nameAndData.length; i += 2) {
            body.append("event: ").append(nameAndData[i]).append("\ndata: ").append(nameAndData[i + 1]).append("\n\n");
        }
        return body.toString();
    }

    /** An Ollama NDJSON body. */
    static String ndjson(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** The text deltas the stream emitted, in order, empty ones left out. */
    static List<String> texts(List<ChatResponse> responses) {
        return responses.stream().flatMap(response -> response.getResults().stream())
                .map(Generation::getOutput).map(message -> message.getText())
                .filter(Objects::nonNull).filter(text -> !text.isEmpty()).toList();
    }

    static List<ChatResponse> collect(Flux<ChatResponse> stream) {
        return stream.collectList().block(WAIT);
    }

    /** What the stream failed with; fails the test if it completed. */
    static Throwable failureOf(Flux<?> stream) {
        Throwable failure = stream.then(Mono.<Throwable>empty()).onErrorResume(Mono::just).block(WAIT);
        if (failure == null) {
            throw new AssertionError("the stream completed normally");
        }
        return failure;
    }

    /** The input of the weather tool. */
    record WeatherRequest(String city) {
    }

    /** A weather tool that records what it was asked and on which thread. */
    static final class WeatherTool {

        final List<WeatherRequest> requests = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        ToolCallback callback() {
            return FunctionToolCallback.builder("weather", (WeatherRequest request) -> {
                        requests.add(request);
                        threads.add(Thread.currentThread().getName());
                        return "Sunny, 21 degrees in " + request.city();
                    })
                    .description("The current weather in a city")
                    .inputType(WeatherRequest.class)
                    .build();
        }
    }
}
