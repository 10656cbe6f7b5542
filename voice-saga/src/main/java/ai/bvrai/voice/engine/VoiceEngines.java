package ai.bvrai.voice.engine;

import org.springframework.ai.chat.model.ChatModel;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The engines of this node by provider name, as agents select them ({@code SttSettings.provider},
 * {@code VoiceSettings.provider}, {@code LlmSettings.provider}). Asking for a provider that is unknown or not
 * available here fails with a {@link SpeechEngineException} that says which providers are, and why a known one is not.
 * Immutable, thread-safe.
 */
public final class VoiceEngines {

    /** Implemented by an engine that can exist but not work on this machine (e.g. a missing binary). */
    public interface Availability {

        /** Why the engine cannot be used here; empty when it can. */
        Optional<String> unavailableReason();
    }

    private final Map<String, SpeechRecognizer> recognizers = new TreeMap<>();
    private final Map<String, SpeechSynthesizer> synthesizers = new TreeMap<>();
    private final Map<String, ChatModel> chatModels = new TreeMap<>();
    private final Map<String, String> unavailable = new TreeMap<>();
    private final VoiceActivityDetectorFactory voiceActivityDetectors;

    /**
     * @param chatModels by provider name ({@code offline}, {@code openai}…); see {@link #chatModelProvider(ChatModel)}
     */
    public VoiceEngines(Collection<? extends SpeechRecognizer> recognizers,
                        Collection<? extends SpeechSynthesizer> synthesizers,
                        Map<String, ? extends ChatModel> chatModels,
                        VoiceActivityDetectorFactory voiceActivityDetectors) {
        register(recognizers, SpeechRecognizer::provider, this.recognizers, "stt");
        register(synthesizers, SpeechSynthesizer::provider, this.synthesizers, "tts");
        chatModels.forEach((provider, model) -> {
            if (!available(model, "llm", provider)) {
                return;
            }
            if (this.chatModels.putIfAbsent(provider, model) != null) {
                throw new IllegalStateException("two chat models for provider '" + provider + "'");
            }
        });
        this.voiceActivityDetectors = voiceActivityDetectors;
    }

    public SpeechRecognizer recognizer(String provider) {
        return find(recognizers, "stt", "speech recognizer", provider);
    }

    public SpeechSynthesizer synthesizer(String provider) {
        return find(synthesizers, "tts", "speech synthesizer", provider);
    }

    public ChatModel chatModel(String provider) {
        return find(chatModels, "llm", "responder (chat model)", provider);
    }

    public VoiceActivityDetectorFactory voiceActivityDetectors() {
        return voiceActivityDetectors;
    }

    public Set<String> recognizerProviders() {
        return new TreeSet<>(recognizers.keySet());
    }

    public Set<String> synthesizerProviders() {
        return new TreeSet<>(synthesizers.keySet());
    }

    public Set<String> chatModelProviders() {
        return new TreeSet<>(chatModels.keySet());
    }

    /**
     * The provider name of a chat model bean: {@code offline} for the offline responder, otherwise its class name
     * without {@code ChatModel}, lower case ({@code OpenAiChatModel} → {@code openai}, {@code OllamaChatModel} →
     * {@code ollama}, {@code AnthropicChatModel} → {@code anthropic}).
     */
    public static String chatModelProvider(ChatModel model) {
        String name = model.getClass().getSimpleName();
        if (name.equals("OfflineResponder")) {
            return "offline";
        }
        return name.replaceFirst("ChatModel$", "").toLowerCase(Locale.ROOT);
    }

    private <T> void register(Collection<? extends T> engines, Function<T, String> provider, Map<String, T> into, String kind) {
        for (T engine : engines) {
            String name = provider.apply(engine);
            if (!available(engine, kind, name)) {
                continue;
            }
            T previous = into.putIfAbsent(name, engine);
            if (previous != null) {
                throw new IllegalStateException("two " + kind + " engines for provider '" + name + "': " + previous + ", " + engine);
            }
        }
    }

    private boolean available(Object engine, String kind, String name) {
        if (engine instanceof Availability a && a.unavailableReason().isPresent()) {
            unavailable.put(kind + ":" + name, a.unavailableReason().get());
            return false;
        }
        return true;
    }

    private <T> T find(Map<String, T> engines, String kind, String what, String provider) {
        T engine = provider == null ? null : engines.get(provider);
        if (engine != null) {
            return engine;
        }
        String reason = provider == null ? null : unavailable.get(kind + ":" + provider);
        if (reason != null) {
            throw new SpeechEngineException("The " + what + " '" + provider + "' is not available on this node: " + reason);
        }
        throw new SpeechEngineException("Unknown " + what + " '" + provider + "'; available: " + engines.keySet());
    }
}
