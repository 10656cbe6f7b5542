package ai.bvrai.infra.axon;

import ai.bvrai.api.MetadataKeys;
import jakarta.validation.ValidatorFactory;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
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
 * correlation id travels as {@code correlationId} through every message it causes, commands are validated before dispatch, domain errors
 * cross the bus as {@link org.axonframework.commandhandling.CommandExecutionException} details.
 * Axon's InterceptorAutoConfiguration registers each interceptor bean once on its bus.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class AxonMessagingAutoConfiguration {

    /**
     * Axon's origin data under names that leave {@code correlationId} to the request: {@code causationId} is the
     * message that directly caused this one, {@code traceId} the first message of the chain. Re-declared here
     * because Axon only adds its own provider when no provider bean exists.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider("causationId", "traceId");
    }

    /** Who, for which organization, and within which request: copied from every message to what it causes. */
    @Bean
    CorrelationDataProvider callerCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.ORGANIZATION_ID,
                MetadataKeys.CORRELATION_ID);
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

    /**
     * Projections run in tracking processors unless a module says otherwise. On the JDBC event store a tracking
     * processor is woken the moment a local transaction commits events, so read-your-writes costs milliseconds;
     * Axon 4.13's pooled streaming processor polls that store every 500 ms, which every write would wait for.
     * Across replicas, segments are shared through token claims (thread count ≥ segment count on each node).
     */
    @Bean
    ConfigurerModule trackingByDefault() {
        return configurer -> configurer.eventProcessing()
                .usingTrackingEventProcessors()
                // under load, up to 100 waiting events share one transaction and one token update
                .registerTrackingEventProcessorConfiguration(c -> TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing().andBatchSize(100));
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
