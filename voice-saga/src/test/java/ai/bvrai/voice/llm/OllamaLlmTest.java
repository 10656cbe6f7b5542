package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherRequest;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherTool;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.tool.ToolCallback;

import java.util.List;

import static ai.bvrai.voice.llm.LlmTestSupport.SYSTEM;
import static ai.bvrai.voice.llm.LlmTestSupport.USER;
import static ai.bvrai.voice.llm.LlmTestSupport.collect;
import static ai.bvrai.voice.llm.LlmTestSupport.endpoint;
import static ai.bvrai.voice.llm.LlmTestSupport.failureOf;
import static ai.bvrai.voice.llm.LlmTestSupport.ndjson;
import static ai.bvrai.voice.llm.LlmTestSupport.texts;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** Ollama's chat API, streamed as documented (NDJSON lines ending with {@code "done": true}). */
class OllamaLlmTest extends WireMockLlmTest {

    static final String PATH = "/api/chat";
    static final LlmSettings SETTINGS = new LlmSettings("ollama", "llama3.2", 0.2, 150);
    static final String DONE = "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-01T10:00:01.5Z\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,"
            + "\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}";

    static String text(String content) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-01T10:00:00.5Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"},\"done\":false}";
    }

    ChatModel model(String apiKey) {
        return models.model("ollama", endpoint(server, apiKey));
    }

    Prompt prompt(List<ToolCallback> tools) {
        return LlmTestSupport.prompt(LanguageModels.options("ollama", SETTINGS, tools));
    }

    @Test
    void givenAStreamedAnswer_whenStreaming_thenTheDeltasArriveInOrderAndTheRequestCarriesModelOptionsAndMessages() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(ndjson(text("Hel"), text("lo, "), text("world."), DONE))));

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("ollama", model(null), prompt(List.of())));

        assertThat(model(null)).isInstanceOf(OllamaChatModel.class);
        assertThat(texts(responses)).containsExactly("Hel", "lo, ", "world.");
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("llama3.2")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.options.temperature", equalTo("0.2")))
                .withRequestBody(matchingJsonPath("$.options.num_predict", equalTo("150")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(SYSTEM)))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(USER))));
    }

    @Test
    void givenAProxyKey_whenStreaming_thenItIsSentAsBearerToken() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(ndjson(text("Hi."), DONE))));

        collect(LanguageModels.guardedStream("ollama", model("proxy-key-org-a"), prompt(List.of())));

        server.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer proxy-key-org-a")));
    }

    @Test
    void givenTheModelAsksForATool_whenStreaming_thenSpringAiRunsItSendsTheResultAndStreamsTheFinalAnswer() {
        String toolCall = "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-01T10:00:00.5Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":false}";
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs(STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson").withBody(ndjson(toolCall, DONE))));
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                        .withBody(ndjson(text("It is sunny "), text("in Paris."), DONE))));
        WeatherTool tool = new WeatherTool();

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("ollama", model(null), prompt(List.of(tool.callback()))));

        assertThat(tool.requests).containsExactly(new WeatherRequest("Paris"));
        assertThat(texts(responses)).containsExactly("It is sunny ", "in Paris.");
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("weather")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("2"))));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[2].tool_calls[0].function.name", equalTo("weather")))
                .withRequestBody(matchingJsonPath("$.messages[3].role", equalTo("tool")))
                .withRequestBody(matchingJsonPath("$.messages[3].content", equalTo("\"Sunny, 21 degrees in Paris\""))));
    }

    @Test
    void givenAStreamCutBeforeDone_whenStreaming_thenSpringAiCompletesButTheGuardedStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(ndjson(text("Hel"), text("lo")))));

        assertThat(texts(collect(model(null).stream(prompt(List.of()))))).containsExactly("Hel", "lo");
        Throwable failure = failureOf(LanguageModels.guardedStream("ollama", model(null), prompt(List.of())));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
    }

    @Test
    void givenAStreamCutAfterAToolCallBeforeDone_whenStreaming_thenTheToolIsNotRunAndTheStreamFailsAsProtocol() {
        String toolCall = "{\"model\":\"llama3.2\",\"created_at\":\"2024-11-01T10:00:00.5Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":false}";
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(ndjson(toolCall))));
        WeatherTool tool = new WeatherTool();

        Throwable failure = failureOf(LanguageModels.guardedStream("ollama", model(null), prompt(List.of(tool.callback()))));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
        assertThat(tool.requests).isEmpty();
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givenAMalformedLine_whenStreaming_thenTheStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "application/x-ndjson")
                .withBody(ndjson(text("Hel"), "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"lo\"}},,", DONE))));

        Throwable failure = failureOf(model(null).stream(prompt(List.of())));

        assertThat(LlmFailures.classify("ollama", failure).kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
    }
}
