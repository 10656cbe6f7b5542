package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherRequest;
import ai.bvrai.voice.llm.LlmTestSupport.WeatherTool;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import reactor.core.Disposable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static ai.bvrai.voice.llm.LlmTestSupport.SYSTEM;
import static ai.bvrai.voice.llm.LlmTestSupport.USER;
import static ai.bvrai.voice.llm.LlmTestSupport.collect;
import static ai.bvrai.voice.llm.LlmTestSupport.endpoint;
import static ai.bvrai.voice.llm.LlmTestSupport.failureOf;
import static ai.bvrai.voice.llm.LlmTestSupport.prompt;
import static ai.bvrai.voice.llm.LlmTestSupport.sse;
import static ai.bvrai.voice.llm.LlmTestSupport.texts;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** OpenAI's chat completions, streamed as documented (SSE chunks ending with a finish reason and {@code [DONE]}). */
class OpenAiLlmTest extends WireMockLlmTest {

    static final String KEY = "sk-test-org-a-0123456789abcdef";
    static final String PATH = "/v1/chat/completions";
    static final LlmSettings SETTINGS = new LlmSettings("openai", "gpt-4o-mini", 0.3, 120);

    static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    static String text(String content) {
        return chunk("{\"content\":\"" + content + "\"}", null);
    }

    static final String FIRST = chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null);
    static final String STOP = chunk("{}", "stop");

    ChatModel model() {
        return models.model("openai", endpoint(server, KEY));
    }

    Prompt prompt(List<org.springframework.ai.tool.ToolCallback> tools) {
        return LlmTestSupport.prompt(LanguageModels.options("openai", SETTINGS, tools));
    }

    @Test
    void givenAStreamedAnswer_whenStreaming_thenTheDeltasArriveInOrderAndTheRequestCarriesKeyModelAndMessages() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse(FIRST, text("Hel"), text("lo, "), text("world."), STOP, "[DONE]"))));

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("openai", model(), prompt(List.of())));

        assertThat(model()).isInstanceOf(OpenAiChatModel.class);
        assertThat(texts(responses)).containsExactly("Hel", "lo, ", "world.");
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.3")))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("120")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo(SYSTEM)))
                .withRequestBody(matchingJsonPath("$.messages[1].role", equalTo("user")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(USER))));
    }

    @Test
    void givenASlowStream_whenStreaming_thenTheFirstDeltaArrivesBeforeTheAnswerEnds() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse(FIRST, text("Hel"), text("lo"), text(" there, "), text("friend."), STOP, "[DONE]"))
                .withChunkedDribbleDelay(6, 1500)));
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();

        Disposable subscription = LanguageModels.guardedStream("openai", model(), prompt(List.of()))
                .doOnComplete(() -> completed.set(true))
                .subscribe(response -> received.addAll(texts(List.of(response))));

        try {
            await().atMost(LlmTestSupport.WAIT).until(() -> !received.isEmpty());
            assertThat(completed).isFalse();
            await().atMost(LlmTestSupport.WAIT).untilTrue(completed);
            assertThat(String.join("", received)).isEqualTo("Hello there, friend.");
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void givenAWholeSentenceInTheFirstChunk_whenTheNextChunkIsLate_thenTheSentenceIsNotHeldBackUntilItArrives() {
        // the body comes in two halves 750 ms apart; the first sentence is in the first, the next in the second (an
        // SSE comment between them, long enough that the middle of the body falls inside it)
        String head = sse(FIRST, text("We open at nine. "));
        String rest = sse(text("See you soon."), STOP, "[DONE]");
        String padding = ":" + "p".repeat(Math.abs(head.length() - rest.length()) + 16) + "\n\n";
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(head + padding + rest).withChunkedDribbleDelay(2, 1500)));
        List<String> received = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();

        Disposable subscription = LanguageModels.guardedStream("openai", model(), prompt(List.of()))
                .doOnComplete(() -> completed.set(true))
                .subscribe(response -> received.addAll(texts(List.of(response))));

        try {
            // Spring AI's OpenAiChatModel holds each delta until the next one (buffer(2, 1)); ours must not wait
            await().atMost(LlmTestSupport.WAIT).until(() -> received.contains("We open at nine. "));
            assertThat(completed).as("the sentence came while the rest of the answer was still on its way").isFalse();
            await().atMost(LlmTestSupport.WAIT).untilTrue(completed);
            assertThat(String.join("", received)).isEqualTo("We open at nine. See you soon.");
        } finally {
            subscription.dispose();
        }
    }

    @Test
    void givenTheModelAsksForATool_whenStreaming_thenSpringAiRunsItSendsTheResultAndStreamsTheFinalAnswer() {
        String toolCallStart = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_w1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}],\"refusal\":null}", null);
        String arguments1 = chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}", null);
        String arguments2 = chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\": \\\"Paris\\\"}\"}}]}", null);
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs(STARTED).willSetStateTo("answered")
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(toolCallStart, arguments1, arguments2, chunk("{}", "tool_calls"), "[DONE]"))));
        server.stubFor(post(PATH).inScenario("tool").whenScenarioStateIs("answered")
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                        .withBody(sse(FIRST, text("It is sunny "), text("in Paris."), STOP, "[DONE]"))));
        WeatherTool tool = new WeatherTool();

        List<ChatResponse> responses = collect(LanguageModels.guardedStream("openai", model(), prompt(List.of(tool.callback()))));

        assertThat(tool.requests).containsExactly(new WeatherRequest("Paris"));
        assertThat(texts(responses)).containsExactly("It is sunny ", "in Paris.");
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withRequestBody(matchingJsonPath("$.tools[0].function.name", equalTo("weather")))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("2"))));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(matchingJsonPath("$.messages[2].role", equalTo("assistant")))
                .withRequestBody(matchingJsonPath("$.messages[2].tool_calls[0].id", equalTo("call_w1")))
                .withRequestBody(matchingJsonPath("$.messages[3].role", equalTo("tool")))
                .withRequestBody(matchingJsonPath("$.messages[3].tool_call_id", equalTo("call_w1")))
                .withRequestBody(matchingJsonPath("$.messages[3].content", equalTo("\"Sunny, 21 degrees in Paris\""))));
    }

    @Test
    void givenAStreamCutBeforeItsFinishReason_whenStreaming_thenSpringAiCompletesButTheGuardedStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse(FIRST, text("Hel"), text("lo")))));

        assertThat(texts(collect(model().stream(prompt(List.of()))))).containsExactly("Hel", "lo");
        Throwable failure = failureOf(LanguageModels.guardedStream("openai", model(), prompt(List.of())));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
    }

    @Test
    void givenAStreamCutBeforeTheToolCallsFinishReason_whenStreaming_thenTheToolIsNotRunAndTheStreamFailsAsProtocol() {
        String toolCall = chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_w1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\": \\\"Paris\\\"}\"}}]}", null);
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse(toolCall))));
        WeatherTool tool = new WeatherTool();

        Throwable failure = failureOf(LanguageModels.guardedStream("openai", model(), prompt(List.of(tool.callback()))));

        assertThat(failure).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL));
        assertThat(tool.requests).isEmpty();
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givenMalformedJsonInAChunk_whenStreaming_thenTheStreamFailsAsProtocol() {
        server.stubFor(post(PATH).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse(FIRST, text("Hel"), "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"", STOP, "[DONE]"))));

        Throwable failure = failureOf(model().stream(prompt(List.of())));

        assertThat(LlmFailures.classify("openai", failure).kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
    }
}
