package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherRequest;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherTool;
import org.junit.jupiter.api.Test;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.tool.ToolCallback;

import java.util.List;

import static ai.bvrai.voice.llm.LlmTestSupport.SYSTEM;
import static ai.bvrai.voice.llm.LlmTestSupport.USER;
import static ai.bvrai.voice.llm.LlmTestSupport.collect;
import static ai.bvrai.voice.llm.LlmTestSupport.endpoint;
import static ai.bvrai.voice.llm.LlmTestSupport.events;
import static ai.bvrai.voice.llm.LlmTestSupport.failureOf;
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

/** Anthropic's Messages API, streamed as documented (SSE events from {@code message_start} to {@code message_stop}). */
class AnthropicLlmTest extends WireMockLlmTest {

    static final String KEY = "sk-ant-test-org-a-0123456789abcdef";
    static final String PATH = "/v1/messages";
    static final LlmSettings SETTINGS = new LlmSettings("anthropic", "claude-3-5-haiku-latest", 0.5, 200);

    static final String MESSAGE_START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-5-haiku-latest\",\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}";
    static final String TEXT_START = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    static final String PING = "{\"type\":\"ping\"}";
    static final String BLOCK_STOP = "{\"type\":\"content_block_stop\",\"index\":0}";
    static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

    static String text(String text) {
        return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
    }

    static String messageDelta(String stopReason) {
        return "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":15}}";
    }

    ChatModel model() {
        return models.model("anthropic", endpoint(server, KEY));
    }

    Prompt prompt(List<ToolCallback> tools) {
        return LlmTestSupport.prompt(LanguageModels.options("anthropic", SETTINGS, tools));
    }

    @Test
    void givenAStreamedAnswer_whenStreaming_thenTheDeltasArriveInOrderAndTheRequestCarriesKeyVersionModelAndSystem() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(events("message_start", MESSAGE_START, "content_block_start", TEXT_START, "ping", PING,
                        "content_block_delta", text("Hel"), "content_block_delta", text("lo, "),
                        "content_block_delta", text("world."), "content_block_stop", BLOCK_STOP,
                        "message_delta", messageDelta("end_turn"), "message_stop", MESSAGE_STOP))));

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("anthropic", model(), prompt(List.of())));

        assertThat(model()).isInstanceOf(AnthropicChatModel.class);
        assertThat(texts(responses)).containsExactly("Hel", "lo, ", "world.");
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Authorization", absent())
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude-3-5-haiku-latest")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.5")))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("200")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.system", equalTo(SYSTEM)))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[0].content[0].text", equalTo(USER))));
    }

    @Test
    void givenTheModelAsksForATool_whenStreaming_thenSpringAiRunsItSendsTheResultAndStreamsTheFinalAnswer() {
        String toolStart = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_01\",\"name\":\"weather\",\"input\":{}}}";
        String json1 = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}";
        String json2 = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"ci\"}}";
        String json3 = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ty\\\": \\\"Paris\\\"}\"}}";
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs(STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(events("message_start", MESSAGE_START, "content_block_start", toolStart,
                                "content_block_delta", json1, "content_block_delta", json2, "content_block_delta", json3,
                                "content_block_stop", BLOCK_STOP, "message_delta", messageDelta("tool_use"),
                                "message_stop", MESSAGE_STOP))));
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(events("message_start", MESSAGE_START, "content_block_start", TEXT_START,
                                "content_block_delta", text("It is sunny "), "content_block_delta", text("in Paris."),
                                "content_block_stop", BLOCK_STOP, "message_delta", messageDelta("end_turn"),
                                "message_stop", MESSAGE_STOP))));
        WeatherTool tool = new WeatherTool();

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("anthropic", model(), prompt(List.of(tool.callback()))));

        assertThat(tool.requests).containsExactly(new WeatherRequest("Paris"));
        assertThat(texts(responses)).containsExactly("It is sunny ", "in Paris.");
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.tools[0].name", equalTo("weather")))
                .withRequestBody(matchingJsonPath("$.tools[0].input_schema.properties.city.type", equalTo("string")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("1"))));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("x-api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].type", equalTo("tool_use")))
                .withRequestBody(matchingJsonPath("$.messages[1].content[0].id", equalTo("toolu_01")))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].type", equalTo("tool_result")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].tool_use_id", equalTo("toolu_01")))
                .withRequestBody(matchingJsonPath("$.messages[2].content[0].content", equalTo("\"Sunny, 21 degrees in Paris\""))));
    }

    @Test
    void givenAStreamCutBeforeMessageStop_whenStreaming_thenSpringAiCompletesButTheGuardedStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(events("message_start", MESSAGE_START, "content_block_start", TEXT_START,
                        "content_block_delta", text("Hel"), "content_block_delta", text("lo")))));

        assertThat(texts(collect(model().stream(prompt(List.of()))))).containsExactly("Hel", "lo");
        Throwable failure = failureOf(LanguageModels.guardedStream("anthropic", model(), prompt(List.of())));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
    }

    @Test
    void givenAStreamWithItsStopReasonButCutBeforeMessageStop_whenStreaming_thenTheGuardedStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(events("message_start", MESSAGE_START, "content_block_start", TEXT_START,
                        "content_block_delta", text("Hello."), "content_block_stop", BLOCK_STOP,
                        "message_delta", messageDelta("end_turn")))));

        Throwable failure = failureOf(LanguageModels.guardedStream("anthropic", model(), prompt(List.of())));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
    }

    @Test
    void givenMalformedJsonInAnEvent_whenStreaming_thenTheStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(events("message_start", MESSAGE_START, "content_block_start", TEXT_START,
                        "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del",
                        "message_stop", MESSAGE_STOP))));

        Throwable failure = failureOf(model().stream(prompt(List.of())));

        assertThat(LlmFailures.classify("anthropic", failure).kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
    }
}
