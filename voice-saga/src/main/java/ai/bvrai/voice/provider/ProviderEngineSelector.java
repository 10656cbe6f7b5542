package ai.bvrai.voice.provider;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.tool.ToolCallback;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.infra.credentials.ProviderSecret;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceEngines;
import ai.bvrai.voice.llm.LanguageModels;
import ai.bvrai.voice.llm.LlmFailures;
import ai.bvrai.voice.llm.ModelEndpoint;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallEvents;
import ai.bvrai.voice.session.EngineSelector;
import ai.bvrai.voice.session.SessionEngines;
import ai.bvrai.voice.stt.deepgram.DeepgramOptions;
import ai.bvrai.voice.stt.deepgram.DeepgramSpeechRecognizer;
import ai.bvrai.voice.tools.CallToolbox;
import ai.bvrai.voice.tts.elevenlabs.ElevenLabsOptions;
import ai.bvrai.voice.tts.elevenlabs.ElevenLabsSpeechSynthesizer;

/**
 * The engines of one call. Offline engines come from the node's {@link VoiceEngines}. A cloud provider is built for
 * the call's own organization's credentials (else the platform default; never another organization's), wrapped in
 * its circuit breaker, retry and offline fallback. A cloud provider with no credentials at all is recorded on the
 * call as {@code NOT_CONFIGURED} and the offline engine serves that stage for the whole call.
 */
public final class ProviderEngineSelector implements EngineSelector {

    /** What serves a stage whose cloud provider cannot be used. */
    static final SttSettings OFFLINE_STT = new SttSettings("vosk", "vosk-model-en-us");
    static final VoiceSettings FREETTS = new VoiceSettings("freetts", "kevin16");
    static final VoiceSettings FLITE = new VoiceSettings("flite", "slt");

    private final VoiceEngines offline;
    private final CredentialsResolver credentials;
    private final LanguageModels languageModels;
    private final CallToolbox toolbox;
    private final ProviderResilience resilience;
    private final ProviderProperties settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public ProviderEngineSelector(VoiceEngines offline, CredentialsResolver credentials, LanguageModels languageModels,
                                  CallToolbox toolbox, ProviderResilience resilience, ProviderProperties settings) {
        this.offline = offline;
        this.credentials = credentials;
        this.languageModels = languageModels;
        this.toolbox = toolbox;
        this.resilience = resilience;
        this.settings = settings;
    }

    @Override
    public SessionEngines select(CallContext call, CallEvents events) {
        AgentConfiguration agent = call.configuration();
        return new SessionEngines(recognizer(call, agent.stt(), events), synthesizer(call, agent.voice(), events),
                offline.voiceActivityDetectors(), responder(call, events));
    }

    private SpeechRecognizer recognizer(CallContext call, SttSettings stt, CallEvents events) {
        if (!stt.provider().equals(Provider.DEEPGRAM.wireName())) {
            return offline.recognizer(stt.provider());
        }
        SpeechRecognizer fallback = offline.recognizer(OFFLINE_STT.provider());
        Optional<ProviderSecret> secret = secret(call, Provider.DEEPGRAM, PipelineStage.STT, fallback.provider(), events);
        if (secret.isEmpty()) {
            return new OfflineInstead(fallback, OFFLINE_STT);
        }
        DeepgramOptions defaults = DeepgramOptions.defaults();
        URI baseUrl = webSocketOrigin(baseUrl(secret.get()));
        DeepgramOptions options = new DeepgramOptions(baseUrl != null ? baseUrl : defaults.baseUrl(),
                Duration.ofMillis(settings.deepgramEndpointingMs()), settings.deepgramKeepAlive(),
                settings.deepgramFinalizeTimeout(), defaults.connectTimeout());
        SpeechRecognizer deepgram = new DeepgramSpeechRecognizer(options, secret.get().apiKey().orElseThrow(), http);
        return new ResilientRecognizer(deepgram, fallback, OFFLINE_STT,
                resilience.breaker(deepgram.provider(), call.organizationId()),
                resilience.retry(deepgram.provider(), call.organizationId()), events);
    }

    private SpeechSynthesizer synthesizer(CallContext call, VoiceSettings voice, CallEvents events) {
        if (!voice.provider().equals(Provider.ELEVENLABS.wireName())) {
            return offline.synthesizer(voice.provider());
        }
        VoiceSettings fallbackVoice = offline.synthesizerProviders().contains(FLITE.provider()) ? FLITE : FREETTS;
        SpeechSynthesizer fallback = offline.synthesizer(fallbackVoice.provider());
        Optional<ProviderSecret> secret = secret(call, Provider.ELEVENLABS, PipelineStage.TTS, fallback.provider(), events);
        if (secret.isEmpty()) {
            return new VoiceInstead(fallback, fallbackVoice);
        }
        ElevenLabsOptions options = ElevenLabsOptions.defaults()
                .withModelId(settings.elevenlabsModel())
                .withFirstByteTimeout(settings.ttsFirstAudioTimeout());
        URI baseUrl = baseUrl(secret.get());
        if (baseUrl != null) {
            options = options.withBaseUrl(baseUrl);
        }
        SpeechSynthesizer elevenlabs = new ElevenLabsSpeechSynthesizer(options, secret.get().apiKey().orElseThrow(), http);
        return new ResilientSynthesizer(elevenlabs, fallback, fallbackVoice,
                resilience.breaker(elevenlabs.provider(), call.organizationId()),
                resilience.retry(elevenlabs.provider(), call.organizationId()), events);
    }

    private ChatModel responder(CallContext call, CallEvents events) {
        String provider = call.configuration().llm().provider();
        Optional<Provider> cloud = Provider.named(provider);
        if (cloud.isEmpty()) {
            return offline.chatModel(provider);
        }
        ChatModel fallback = offline.chatModel("offline");
        Optional<ProviderSecret> secret = secret(call, cloud.get(), PipelineStage.LLM, "offline", events);
        if (secret.isEmpty()) {
            return fallback;
        }
        ChatModel model = languageModels.model(provider,
                new ModelEndpoint(baseUrl(secret.get()), secret.get().apiKey().orElse(null)));
        List<ToolCallback> tools = toolbox.toolsFor(call, events);
        return new ResilientChatModel(provider, prompt -> LanguageModels.guardedStream(provider, model, prompt),
                LanguageModels.options(provider, call.configuration().llm(), tools),
                resilience.breaker(provider, call.organizationId()), resilience.attempts(), resilience.retryWait(),
                settings.llmFirstAnswerTimeout(), LlmFailures::classify, events);
    }

    private Optional<ProviderSecret> secret(CallContext call, Provider provider, PipelineStage stage, String fallback,
                                            CallEvents events) {
        Optional<ProviderSecret> secret = credentials.resolve(call.organizationId(), provider);
        if (secret.isEmpty()) {
            events.providerFailed(stage, provider.wireName(), "NOT_CONFIGURED", "neither the organization nor the "
                    + "platform has credentials for " + provider.wireName(), 0, fallback);
        }
        return secret;
    }

    /** Deepgram's base URL is stored as its API origin ({@code https://…}); live streaming is the same origin over wss. */
    private static URI webSocketOrigin(URI origin) {
        if (origin == null) {
            return null;
        }
        String scheme = origin.getScheme();
        return URI.create(("https".equals(scheme) ? "wss" : "http".equals(scheme) ? "ws" : scheme)
                + origin.toString().substring(scheme.length()));
    }

    private static URI baseUrl(ProviderSecret secret) {
        return secret.field("baseUrl").filter(url -> !url.isBlank()).map(URI::create).orElse(null);
    }

    /** The offline recognizer under the agent's own settings' name, with the offline engine's settings. */
    private record OfflineInstead(SpeechRecognizer engine, SttSettings settings) implements SpeechRecognizer {
        @Override
        public String provider() {
            return engine.provider();
        }

        @Override
        public ai.bvrai.voice.engine.RecognitionSession open(SttSettings ignored, String language) {
            return engine.open(settings, language);
        }
    }

    /** The offline synthesizer with its own voice, whatever voice the agent's cloud settings name. */
    private record VoiceInstead(SpeechSynthesizer engine, VoiceSettings voice) implements SpeechSynthesizer {
        @Override
        public String provider() {
            return engine.provider();
        }

        @Override
        public void synthesize(String text, VoiceSettings ignored, ai.bvrai.voice.engine.AudioSink sink,
                               ai.bvrai.voice.engine.Cancellation cancel) {
            engine.synthesize(text, voice, sink, cancel);
        }
    }
}
