package ai.bvrai.infra.axon;

import ai.bvrai.api.MetadataKeys;
import jakarta.validation.ValidatorFactory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How messages carry context and fail: who/tenant travel from every command into its events, the HTTP
 * correlation id becomes Axon's correlation id, commands are validated before dispatch, domain errors
 * cross the bus as {@link org.axonframework.commandhandling.CommandExecutionException} details.
 * Axon's InterceptorAutoConfiguration registers each interceptor bean once on its bus.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class AxonMessagingAutoConfiguration {

    /** Re-declared beside the custom provider: Axon only adds its own when no provider bean exists. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(MetadataKeys.CORRELATION_ID, "traceId");
    }

    @Bean
    CorrelationDataProvider callerCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.ORGANIZATION_ID);
    }

    /**
     * Retries a command that lost an optimistic-concurrency race on the event stream (another node appended
     * first): the retry re-reads the aggregate, so the change is applied to the newest state, never lost.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("command-retry").daemon().factory());
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .maxRetryCount(3)
                        .retryInterval(25)
                        .build())
                .build();
    }

    /** Projections and other event handlers run in pooled streaming processors unless a module says otherwise. */
    @Bean
    ConfigurerModule pooledStreamingByDefault() {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors();
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> commandValidationInterceptor(ValidatorFactory validatorFactory) {
        return new BeanValidationInterceptor<>(validatorFactory);
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> correlationIdDispatchInterceptor() {
        return new CorrelationIdDispatchInterceptor();
    }

    @Bean
    MessageHandlerInterceptor<CommandMessage<?>> domainExceptionInterceptor() {
        return new DomainExceptionInterceptor();
    }

    @Bean
    MessageHandlerInterceptor<Message<?>> correlationIdLoggingInterceptor() {
        return new CorrelationIdLoggingInterceptor();
    }
}
