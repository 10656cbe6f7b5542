package ai.bvrai.voice;

import java.time.Clock;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.voice.llm.LanguageModels;
import ai.bvrai.voice.provider.ProviderEngineSelector;
import ai.bvrai.voice.provider.ProviderProperties;
import ai.bvrai.voice.provider.ProviderResilience;
import ai.bvrai.voice.tools.CallToolbox;
import ai.bvrai.voice.engine.VoiceEngines;
import ai.bvrai.voice.session.CallEndedRelay;
import ai.bvrai.voice.session.EngineSelector;
import ai.bvrai.voice.session.VoiceRuntimeProperties;
import ai.bvrai.voice.session.VoiceSessions;

/** The voice runtime as a module, for whichever application includes it. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
@EnableConfigurationProperties({VoiceRuntimeProperties.class, ProviderProperties.class})
public class VoiceSagaConfiguration {

    /** Language models built per organization's credentials (no Spring AI auto-configuration). */
    @Bean(destroyMethod = "close")
    LanguageModels languageModels() {
        return new LanguageModels();
    }

    @Bean
    ProviderResilience providerResilience(ProviderProperties settings) {
        return new ProviderResilience(settings.breakerWindow(), settings.breakerMinimumCalls(), settings.breakerOpenFor(),
                settings.attempts(), settings.retryWait());
    }

    /** {@code bvrai.tools.allow-private-networks}: whether HTTP tools may call private addresses (tests, on-premise). */
    @Bean
    CallToolbox callToolbox(CredentialsResolver credentials,
                            @Value("${bvrai.tools.allow-private-networks:false}") boolean allowPrivateNetworks) {
        return new CallToolbox(credentials, allowPrivateNetworks, Clock.systemUTC());
    }

    /** The engines of a call: offline ones from this node's registry, cloud ones for the call's organization. */
    @Bean
    EngineSelector engineSelector(VoiceEngines engines, CredentialsResolver credentials, LanguageModels languageModels,
                                  CallToolbox toolbox, ProviderResilience resilience, ProviderProperties settings) {
        return new ProviderEngineSelector(engines, credentials, languageModels, toolbox, resilience, settings);
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
