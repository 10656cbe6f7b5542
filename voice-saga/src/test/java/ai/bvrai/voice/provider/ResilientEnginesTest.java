package ai.bvrai.voice.provider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.session.CallEvents;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResilientEnginesTest {

    private static final VoiceSettings CLOUD_VOICE = new VoiceSettings("cloud", "rachel");
    private static final VoiceSettings OFFLINE_VOICE = new VoiceSettings("offline", "kevin16");
    private static final SttSettings CLOUD_STT = new SttSettings("cloud", "nova-3");
    private static final SttSettings OFFLINE_STT = new SttSettings("offline", "en");

    private final ProviderResilience resilience = new ProviderResilience(10, 4, Duration.ofMinutes(1), 2,
            Duration.ofMillis(1));
    private final Recorded events = new Recorded();

    // ---- speech synthesis

    /** Fails the first {@code failures} requests with {@code kind}, optionally after some audio. */
    private static final class FlakySynthesizer implements SpeechSynthesizer {
        final AtomicInteger requests = new AtomicInteger();
        final int failures;
        final ProviderException.Kind kind;
        final boolean afterAudio;

        FlakySynthesizer(int failures, ProviderException.Kind kind, boolean afterAudio) {
            this.failures = failures;
            this.kind = kind;
            this.afterAudio = afterAudio;
        }

        @Override
        public String provider() {
            return "cloud";
        }

        @Override
        public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
            assertThat(voice).isEqualTo(CLOUD_VOICE);
            if (requests.incrementAndGet() <= failures) {
                if (afterAudio) {
                    sink.accept(new byte[]{1, 1}, 0, 2);
                }
                throw new ProviderException("cloud", kind, 503, "unavailable");
            }
            sink.accept(new byte[]{2, 2}, 0, 2);
        }
    }

    private static final class OfflineSynthesizer implements SpeechSynthesizer {
        final List<String> spoken = new CopyOnWriteArrayList<>();

        @Override
        public String provider() {
            return "offline";
        }

        @Override
        public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
            assertThat(voice).isEqualTo(OFFLINE_VOICE);
            spoken.add(text);
            sink.accept(new byte[]{3, 3}, 0, 2);
        }
    }

    private ResilientSynthesizer synthesizer(SpeechSynthesizer primary, SpeechSynthesizer fallback, String org) {
        return new ResilientSynthesizer(primary, fallback, OFFLINE_VOICE, resilience.breaker("cloud", org),
                resilience.retry("cloud", org), events);
    }

    private static List<Byte> speak(SpeechSynthesizer synthesizer, String text) {
        List<Byte> audio = new ArrayList<>();
        synthesizer.synthesize(text, CLOUD_VOICE, (pcm, offset, length) -> audio.add(pcm[offset]), new Cancellation());
        return audio;
    }

    @Test
    void givenATransientTtsFailureBeforeAnyAudio_whenSpeaking_thenTheRequestIsRetriedAndNothingIsRecorded() {
        FlakySynthesizer cloud = new FlakySynthesizer(1, ProviderException.Kind.SERVER_ERROR, false);
        OfflineSynthesizer offline = new OfflineSynthesizer();

        List<Byte> audio = speak(synthesizer(cloud, offline, "org-a"), "Hello there.");

        assertThat(audio).containsExactly((byte) 2);
        assertThat(cloud.requests).hasValue(2);
        assertThat(offline.spoken).isEmpty();
        assertThat(events.errors).isEmpty();
    }

    @Test
    void givenARefusedKey_whenSpeaking_thenItIsNotRetried_theOfflineVoiceSpeaksTheSentence_andTheErrorIsRecorded() {
        FlakySynthesizer cloud = new FlakySynthesizer(5, ProviderException.Kind.AUTHENTICATION, false);
        OfflineSynthesizer offline = new OfflineSynthesizer();

        List<Byte> audio = speak(synthesizer(cloud, offline, "org-a"), "Hello there.");

        assertThat(audio).containsExactly((byte) 3);
        assertThat(cloud.requests).hasValue(1);
        assertThat(offline.spoken).containsExactly("Hello there.");
        assertThat(events.errors).containsExactly("TTS|cloud|AUTHENTICATION|offline");
    }

    @Test
    void givenAFailureAfterAudioWasHeard_whenSpeaking_thenTheSentenceIsNeitherRetriedNorRepeated() {
        FlakySynthesizer cloud = new FlakySynthesizer(1, ProviderException.Kind.CONNECTION, true);
        OfflineSynthesizer offline = new OfflineSynthesizer();

        List<Byte> audio = speak(synthesizer(cloud, offline, "org-a"), "Hello there.");

        assertThat(audio).containsExactly((byte) 1);
        assertThat(cloud.requests).hasValue(1);
        assertThat(offline.spoken).isEmpty();
        assertThat(events.errors).containsExactly("TTS|cloud|CONNECTION|none (the sentence was cut)");
    }

    @Test
    void givenAProviderThatKeepsFailing_whenTheBreakerOpens_thenItIsNoLongerAskedForThatOrganizationOnly() {
        FlakySynthesizer cloud = new FlakySynthesizer(Integer.MAX_VALUE, ProviderException.Kind.AUTHENTICATION, false);
        OfflineSynthesizer offline = new OfflineSynthesizer();
        ResilientSynthesizer acme = synthesizer(cloud, offline, "org-acme");

        for (int i = 0; i < 6; i++) {
            speak(acme, "Sentence " + i + ".");
        }

        assertThat(cloud.requests).as("the breaker opened after 4 failures").hasValue(4);
        assertThat(events.errors).hasSize(6).endsWith("TTS|cloud|CIRCUIT_OPEN|offline");
        assertThat(offline.spoken).hasSize(6);
        speak(synthesizer(cloud, offline, "org-globex"), "Another organization.");
        assertThat(cloud.requests).as("another organization's breaker is closed").hasValue(5);
    }

    @Test
    void givenASynthesizerThatTimesOut_whenSpeaking_thenItIsNotRetriedAndTheOfflineVoiceSpeaksAtOnce() {
        FlakySynthesizer cloud = new FlakySynthesizer(5, ProviderException.Kind.TIMEOUT, false);
        OfflineSynthesizer offline = new OfflineSynthesizer();

        speak(synthesizer(cloud, offline, "org-a"), "Hello there.");

        assertThat(cloud.requests).hasValue(1);
        assertThat(offline.spoken).containsExactly("Hello there.");
        assertThat(events.errors).containsExactly("TTS|cloud|TIMEOUT|offline");
    }

    // ---- speech recognition

    private static final class CloudRecognizer implements SpeechRecognizer {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile boolean refuseOpen;
        volatile int breakAfterFrames = Integer.MAX_VALUE;

        @Override
        public String provider() {
            return "cloud";
        }

        @Override
        public RecognitionSession open(SttSettings settings, String language) {
            assertThat(settings).isEqualTo(CLOUD_STT);
            opened.incrementAndGet();
            if (refuseOpen) {
                throw new ProviderException("cloud", ProviderException.Kind.AUTHENTICATION, 401, "Invalid credentials");
            }
            return new RecognitionSession() {
                int frames;

                @Override
                public String accept(byte[] pcm16, int offset, int length) {
                    if (++frames > breakAfterFrames) {
                        throw new ProviderException("cloud", ProviderException.Kind.CONNECTION, null, "socket closed");
                    }
                    return "cloud partial";
                }

                @Override
                public String finishUtterance() {
                    return "cloud final";
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    private static final class OfflineRecognizer implements SpeechRecognizer {
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public String provider() {
            return "offline";
        }

        @Override
        public RecognitionSession open(SttSettings settings, String language) {
            assertThat(settings).isEqualTo(OFFLINE_STT);
            opened.incrementAndGet();
            return new RecognitionSession() {
                @Override
                public String accept(byte[] pcm16, int offset, int length) {
                    return "offline partial";
                }

                @Override
                public String finishUtterance() {
                    return "offline final";
                }

                @Override
                public void close() {
                }
            };
        }
    }

    private ResilientRecognizer recognizer(SpeechRecognizer cloud, SpeechRecognizer offline) {
        return new ResilientRecognizer(cloud, offline, OFFLINE_STT, resilience.breaker("cloud", "org-a"),
                resilience.retry("cloud", "org-a"), events);
    }

    @Test
    void givenARecognizerThatRefusesTheKey_whenTheCallStarts_thenTheOfflineRecognizerHearsTheCall() {
        CloudRecognizer cloud = new CloudRecognizer();
        cloud.refuseOpen = true;
        OfflineRecognizer offline = new OfflineRecognizer();

        RecognitionSession session = recognizer(cloud, offline).open(CLOUD_STT, "en-US");

        assertThat(session.accept(new byte[640], 0, 640)).isEqualTo("offline partial");
        assertThat(cloud.opened).as("a refused key is not retried").hasValue(1);
        assertThat(events.errors).containsExactly("STT|cloud|AUTHENTICATION|offline");
    }

    @Test
    void givenAStreamThatBreaksMidCall_whenAudioGoesOn_thenTheOfflineRecognizerTakesOverForTheRestOfTheCall() {
        CloudRecognizer cloud = new CloudRecognizer();
        cloud.breakAfterFrames = 2;
        OfflineRecognizer offline = new OfflineRecognizer();
        RecognitionSession session = recognizer(cloud, offline).open(CLOUD_STT, "en-US");

        assertThat(session.accept(new byte[640], 0, 640)).isEqualTo("cloud partial");
        assertThat(session.accept(new byte[640], 0, 640)).isEqualTo("cloud partial");
        assertThat(session.accept(new byte[640], 0, 640)).isEqualTo("offline partial");
        assertThat(session.finishUtterance()).isEqualTo("offline final");
        session.close();

        assertThat(cloud.closed).hasValue(1);
        assertThat(offline.opened).hasValue(1);
        assertThat(events.errors).containsExactly("STT|cloud|CONNECTION|offline");
    }

    // ---- language model

    private static ChatResponse text(String text) {
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
    }

    /** A scripted model: each request answers the next script entry. */
    private static final class ScriptedModel implements ChatModel {
        final List<Flux<ChatResponse>> script;
        final AtomicInteger requests = new AtomicInteger();
        final List<Prompt> prompts = new CopyOnWriteArrayList<>();

        @SafeVarargs
        ScriptedModel(Flux<ChatResponse>... script) {
            this.script = List.of(script);
        }

        @Override
        public ChatResponse call(Prompt prompt) {
            throw new IllegalStateException("the voice runtime streams");
        }

        @Override
        public Flux<ChatResponse> stream(Prompt prompt) {
            prompts.add(prompt);
            int n = requests.getAndIncrement();
            return script.get(Math.min(n, script.size() - 1));
        }
    }

    private ResilientChatModel chat(ChatModel model, Duration firstAnswer) {
        return new ResilientChatModel("cloud", model::stream, ChatOptions.builder().model("m-1").temperature(0.2).build(),
                resilience.breaker("cloud-llm", "org-a"), 2, Duration.ofMillis(1), firstAnswer,
                (provider, failure) -> new ProviderException(provider, ProviderException.Kind.PROTOCOL, null,
                        failure.getMessage(), failure), events);
    }

    private static Prompt prompt() {
        return new Prompt(List.of(new UserMessage("When are you open?")));
    }

    @Test
    void givenAModel_whenStreaming_thenTheAgentsOptionsGoWithEveryPrompt() {
        ScriptedModel model = new ScriptedModel(Flux.just(text("We open "), text("at nine.")));

        List<ChatResponse> answer = chat(model, Duration.ofSeconds(5)).stream(prompt()).collectList().block();

        assertThat(answer).hasSize(2);
        assertThat(model.prompts.getFirst().getOptions().getModel()).isEqualTo("m-1");
        assertThat(events.errors).isEmpty();
    }

    @Test
    void givenARateLimitBeforeTheFirstToken_whenStreaming_thenTheRequestIsRetriedOnce() {
        ScriptedModel model = new ScriptedModel(
                Flux.error(new ProviderException("cloud", ProviderException.Kind.RATE_LIMITED, 429, "slow down")),
                Flux.just(text("We open at nine.")));

        List<ChatResponse> answer = chat(model, Duration.ofSeconds(5)).stream(prompt()).collectList().block();

        assertThat(answer).hasSize(1);
        assertThat(model.requests).hasValue(2);
        assertThat(events.errors).isEmpty();
    }

    @Test
    void givenAStreamThatBreaksAfterTheFirstToken_whenStreaming_thenItIsNotRetriedAndTheErrorIsRecorded() {
        ScriptedModel model = new ScriptedModel(Flux.concat(Flux.just(text("We open ")),
                Flux.error(new ProviderException("cloud", ProviderException.Kind.PROTOCOL, null, "stream truncated"))));

        assertThatThrownBy(() -> chat(model, Duration.ofSeconds(5)).stream(prompt()).collectList().block())
                .hasMessageContaining("stream truncated");
        assertThat(model.requests).hasValue(1);
        assertThat(events.errors).containsExactly("LLM|cloud|PROTOCOL|fallback-message");
    }

    @Test
    void givenAModelThatNeverAnswers_whenStreaming_thenTheFirstAnswerTimeoutFailsItOnceAsTimeout() {
        ScriptedModel model = new ScriptedModel(Flux.never());

        assertThatThrownBy(() -> chat(model, Duration.ofMillis(100)).stream(prompt()).collectList().block())
                .isInstanceOf(ProviderException.class);
        assertThat(model.requests).as("not retried: the caller already waited the whole time budget").hasValue(1);
        assertThat(events.errors).containsExactly("LLM|cloud|TIMEOUT|fallback-message");
    }

    /** What the engines reported. */
    static final class Recorded implements CallEvents {
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void providerFailed(PipelineStage stage, String provider, String errorClass, String message,
                                   long latencyMs, String fallback) {
            errors.add(stage + "|" + provider + "|" + errorClass + "|" + fallback);
        }

        @Override
        public void toolInvoked(String toolName, String arguments, String result, String error, long durationMs) {
        }

        @Override
        public void endRequested() {
        }

        @Override
        public void transferRequested(String number) {
        }
    }
}
