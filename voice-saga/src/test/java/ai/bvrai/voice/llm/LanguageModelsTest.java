package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;

import static ai.bvrai.voice.llm.LlmTestSupport.endpoint;
import static ai.bvrai.voice.llm.LlmTestSupport.sse;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One model per organization endpoint, each speaking with its own key. */
class LanguageModelsTest extends WireMockLlmTest {

    static final String KEY_A = "sk-org-a-0123456789abcdef";
    static final String KEY_B = "sk-org-b-fedcba9876543210";

    @Test
    void givenTheSameEndpointTwice_whenAskingForItsModel_thenItIsTheSameInstance() {
        ChatModel first = models.model("openai", new ModelEndpoint(URI.create(server.baseUrl()), KEY_A));
        ChatModel second = models.model("openai", new ModelEndpoint(URI.create(server.baseUrl()), KEY_A));

        assertThat(second).isSameAs(first);
    }

    @Test
    void givenTwoOrganizations_whenBothStreamAtOnce_thenEachRequestCarriesItsOwnKey() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi.\"},\"finish_reason\":\"stop\"}]}",
                        "[DONE]"))));
        ChatModel orgA = models.model("openai", endpoint(server, KEY_A));
        ChatModel orgB = models.model("openai", endpoint(server, KEY_B));
        Prompt prompt = LlmTestSupport.prompt(LanguageModels.options("openai", new LlmSettings("openai", "gpt-4o-mini", 0.7, 50), List.of()));

        List<ChatResponse> responses = Flux.merge(
                        LanguageModels.guardedStream("openai", orgA, prompt), LanguageModels.guardedStream("openai", orgB, prompt),
                        LanguageModels.guardedStream("openai", orgA, prompt), LanguageModels.guardedStream("openai", orgB, prompt))
                .collectList().block(LlmTestSupport.WAIT);

        assertThat(orgB).isNotSameAs(orgA);
        assertThat(LlmTestSupport.texts(responses)).containsExactly("Hi.", "Hi.", "Hi.", "Hi.");
        server.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY_A)));
        server.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY_B)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"openai", "anthropic", "ollama"})
    void givenAnEndpointWithAKey_whenPrintingItOrItsModel_thenTheKeyIsNotShown(String provider) {
        ModelEndpoint endpoint = new ModelEndpoint(URI.create("https://user:secret@llm.example.com:8443/"), KEY_A);

        assertThat(endpoint.toString()).doesNotContain(KEY_A).doesNotContain("secret").contains("llm.example.com:8443");
        assertThat(models.model(provider, endpoint).toString()).doesNotContain(KEY_A);
    }

    @Test
    void givenAProviderWithoutAModelHere_whenAskingForIt_thenItIsRefused() {
        assertThatThrownBy(() -> models.model("offline", new ModelEndpoint(null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openai, anthropic, ollama");
        assertThatThrownBy(() -> models.model("anthropic", new ModelEndpoint(null, " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an API key");
    }

    @Test
    void givenSettingsOfAnotherProvider_whenBuildingOptions_thenTheyAreRefused() {
        LlmSettings ollama = new LlmSettings("ollama", "llama3.2", 0.7, 50);

        assertThatThrownBy(() -> LanguageModels.options("openai", ollama, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
