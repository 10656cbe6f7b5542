package ai.bvrai.command;

import ai.bvrai.infra.db.ModuleSchema;
import ai.bvrai.security.PublicEndpoints;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;

/** The command side as a module: its beans, entities, tables and processors, for whichever application includes it. */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ComponentScan(excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootApplication.class))
public class CommandSideConfiguration {

    /** Processing groups that maintain command-side lookup tables inside the command's transaction. */
    static final String[] LOOKUP_GROUPS = {"agent-names", "phone-numbers"};

    /** Sign-up must be reachable without an account. */
    @Bean
    PublicEndpoints registrationIsPublic() {
        return new PublicEndpoints(HttpMethod.POST, "/api/v1/auth/register", "the caller has no account yet");
    }

    @Bean
    ModuleSchema commandSchema() {
        return new ModuleSchema("command", 10);
    }

    /** Lookups run in the publishing transaction and fail it, so a broken rule rolls the command back whole. */
    @Bean
    ConfigurerModule commandSideLookups() {
        return configurer -> {
            for (String group : LOOKUP_GROUPS) {
                configurer.eventProcessing()
                        .registerSubscribingEventProcessor(group)
                        .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            }
        };
    }
}
