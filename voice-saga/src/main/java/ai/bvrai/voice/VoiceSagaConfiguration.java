package ai.bvrai.voice;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.voice.engine.VoiceEngines;
import ai.bvrai.voice.session.CallEndedRelay;
import ai.bvrai.voice.session.EngineSelector;
import ai.bvrai.voice.session.SessionEngines;
import ai.bvrai.voice.session.VoiceRuntimeProperties;
import ai.bvrai.voice.session.VoiceSessions;

/** The voice runtime as a module, for whichever application includes it. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties(VoiceRuntimeProperties.class)
public class VoiceSagaConfiguration {

    /** The engines an agent's configuration names, from this node's registry. */
    @Bean
    EngineSelector engineSelector(VoiceEngines engines) {
        return configuration -> new SessionEngines(
                engines.recognizer(configuration.stt().provider()),
                engines.synthesizer(configuration.voice().provider()),
                engines.voiceActivityDetectors(),
                engines.chatModel(configuration.llm().provider()));
    }

    @Bean
    VoiceSessions voiceSessions(EngineSelector engines, CommandGateway commands, RecordingStore recordings,
                                VoiceRuntimeProperties settings) {
        return new VoiceSessions(engines, commands, recordings, settings);
    }

    @Bean
    CallEndedRelay callEndedRelay(VoiceSessions sessions) {
        return new CallEndedRelay(sessions);
    }

    /** Every node sees every call's end in its own processor, {@code voice-sessions-<nodeId>} (see {@link CallEndedRelay}). */
    @Bean
    ConfigurerModule voiceSessionsProcessor(VoiceRuntimeProperties settings) {
        return CallEndedRelay.processorFor(settings.nodeId());
    }
}
