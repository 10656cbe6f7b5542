package ai.bvrai.voice.engine;

import ai.bvrai.voice.responder.OfflineResponder;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VoiceEnginesTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(VoiceEnginesConfiguration.class)
            .withPropertyValues("bvrai.voice.vosk.preload=false");

    /** Named like Spring AI's Ollama model class, which is how the registry derives the provider. */
    static class OllamaChatModel implements ChatModel {
        @Override
        public ChatResponse call(Prompt prompt) {
            throw new UnsupportedOperationException();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithOllama {
        @Bean
        OllamaChatModel ollamaChatModel() {
            return new OllamaChatModel();
        }
    }

    @Test
    void givenTheOfflineEngines_whenTheContextStarts_thenEachProviderIsFoundByName() {
        context.run(ctx -> {
            VoiceEngines engines = ctx.getBean(VoiceEngines.class);
            assertThat(engines.recognizerProviders()).containsExactly("vosk");
            assertThat(engines.synthesizerProviders()).containsExactly("flite", "freetts");
            assertThat(engines.chatModelProviders()).containsExactly("offline");
            assertThat(engines.recognizer("vosk").provider()).isEqualTo("vosk");
            assertThat(engines.synthesizer("freetts").provider()).isEqualTo("freetts");
            assertThat(engines.chatModel("offline")).isInstanceOf(OfflineResponder.class);
            assertThat(engines.voiceActivityDetectors().create()).isNotNull();
            assertThat(ctx).hasSingleBean(VoiceActivityDetectorFactory.class);
        });
    }

    @Test
    void givenAnUnknownProvider_whenAskedFor_thenTheErrorListsTheAvailableOnes() {
        context.run(ctx -> {
            VoiceEngines engines = ctx.getBean(VoiceEngines.class);
            assertThatThrownBy(() -> engines.chatModel("openai")).isInstanceOf(SpeechEngineException.class)
                    .hasMessage("Unknown responder (chat model) 'openai'; available: [offline]");
            assertThatThrownBy(() -> engines.recognizer("deepgram")).isInstanceOf(SpeechEngineException.class)
                    .hasMessage("Unknown speech recognizer 'deepgram'; available: [vosk]");
            assertThatThrownBy(() -> engines.synthesizer(null)).isInstanceOf(SpeechEngineException.class);
        });
    }

    @Test
    void givenNoFliteBinary_whenFliteIsAskedFor_thenTheErrorSaysWhyItIsUnavailable() {
        context.withPropertyValues("bvrai.voice.flite.binary=/nonexistent/flite").run(ctx -> {
            VoiceEngines engines = ctx.getBean(VoiceEngines.class);
            assertThat(engines.synthesizerProviders()).containsExactly("freetts");
            assertThatThrownBy(() -> engines.synthesizer("flite")).isInstanceOf(SpeechEngineException.class)
                    .hasMessageContaining("'flite' is not available on this node")
                    .hasMessageContaining("/nonexistent/flite");
        });
    }

    @Test
    void givenAnotherChatModelBean_whenTheContextStarts_thenItIsRegisteredUnderItsProviderName() {
        context.withUserConfiguration(WithOllama.class).run(ctx ->
                assertThat(ctx.getBean(VoiceEngines.class).chatModel("ollama")).isInstanceOf(OllamaChatModel.class));
    }

    @Test
    void givenTwoEnginesForOneProvider_whenRegistered_thenTheRegistryRefusesToChoose() {
        SpeechSynthesizer a = fakeSynthesizer("freetts");
        SpeechSynthesizer b = fakeSynthesizer("freetts");
        assertThatThrownBy(() -> new VoiceEngines(List.of(), List.of(a, b), Map.of(), () -> frame -> 0f))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("freetts");
    }

    private static SpeechSynthesizer fakeSynthesizer(String provider) {
        return new SpeechSynthesizer() {
            @Override
            public String provider() {
                return provider;
            }

            @Override
            public void synthesize(String text, ai.bvrai.api.agent.VoiceSettings voice, AudioSink sink, Cancellation cancel) {
            }
        };
    }
}
