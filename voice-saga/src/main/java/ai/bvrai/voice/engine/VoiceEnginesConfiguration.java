package ai.bvrai.voice.engine;

import ai.bvrai.voice.responder.OfflineResponder;
import ai.bvrai.voice.stt.VoskModels;
import ai.bvrai.voice.stt.VoskSpeechRecognizer;
import ai.bvrai.voice.tts.FliteSpeechSynthesizer;
import ai.bvrai.voice.tts.FreeTtsSpeechSynthesizer;
import ai.bvrai.voice.vad.EnergyVoiceActivityDetectorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline engines (Vosk, FreeTTS, flite, the energy VAD, the offline responder) and the {@link VoiceEngines}
 * registry over every engine bean in the context, including chat models other modules or Spring AI declare.
 *
 * <p>Properties: {@code bvrai.voice.vosk.model-path} (a Vosk model directory; default: the model bundled in the jar,
 * extracted below {@code bvrai.voice.vosk.cache-dir}, default {@code ~/.cache/bvrai/vosk}),
 * {@code bvrai.voice.vosk.preload} (load the model in the background once the application is ready; default true),
 * {@code bvrai.voice.freetts.pool-size} (concurrent FreeTTS syntheses per voice; default 4),
 * {@code bvrai.voice.flite.binary} (default {@code flite} on the PATH).
 */
@Configuration(proxyBeanMethods = false)
public class VoiceEnginesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VoiceEnginesConfiguration.class);

    @Bean
    VoskSpeechRecognizer voskSpeechRecognizer(@Value("${bvrai.voice.vosk.model-path:}") String modelPath,
                                              @Value("${bvrai.voice.vosk.cache-dir:${user.home}/.cache/bvrai/vosk}") String cacheDir) {
        return new VoskSpeechRecognizer(() -> modelPath.isBlank()
                ? VoskModels.bundledModelDirectory(Path.of(cacheDir))
                : Path.of(modelPath));
    }

    @Bean(destroyMethod = "close")
    FreeTtsSpeechSynthesizer freeTtsSpeechSynthesizer(@Value("${bvrai.voice.freetts.pool-size:4}") int poolSize) {
        return new FreeTtsSpeechSynthesizer(poolSize);
    }

    @Bean
    FliteSpeechSynthesizer fliteSpeechSynthesizer(@Value("${bvrai.voice.flite.binary:flite}") String binary) {
        FliteSpeechSynthesizer flite = new FliteSpeechSynthesizer(binary);
        flite.unavailableReason().ifPresent(reason -> log.info("TTS provider flite is unavailable: {}", reason));
        return flite;
    }

    @Bean
    EnergyVoiceActivityDetectorFactory voiceActivityDetectorFactory() {
        return new EnergyVoiceActivityDetectorFactory();
    }

    @Bean
    OfflineResponder offlineResponder() {
        return new OfflineResponder();
    }

    @Bean
    VoiceEngines voiceEngines(List<SpeechRecognizer> recognizers, List<SpeechSynthesizer> synthesizers,
                              List<ChatModel> chatModels, VoiceActivityDetectorFactory voiceActivityDetectors) {
        Map<String, ChatModel> byProvider = new LinkedHashMap<>();
        for (ChatModel model : chatModels) {
            byProvider.put(VoiceEngines.chatModelProvider(model), model);
        }
        return new VoiceEngines(recognizers, synthesizers, byProvider, voiceActivityDetectors);
    }

    /** Loads the Vosk model off the start-up path, so neither start-up nor the first call waits for it. */
    @EventListener(ApplicationReadyEvent.class)
    void preloadSpeechModels(ApplicationReadyEvent ready) {
        boolean preload = ready.getApplicationContext().getEnvironment()
                .getProperty("bvrai.voice.vosk.preload", Boolean.class, true);
        ObjectProvider<VoskSpeechRecognizer> vosk = ready.getApplicationContext().getBeanProvider(VoskSpeechRecognizer.class);
        if (!preload || vosk.getIfAvailable() == null) {
            return;
        }
        Thread.ofPlatform().daemon().name("vosk-preload").start(() -> {
            try {
                vosk.getObject().preload();
            } catch (RuntimeException e) {
                log.warn("Vosk model not preloaded: {}", e.getMessage());
            }
        });
    }
}
