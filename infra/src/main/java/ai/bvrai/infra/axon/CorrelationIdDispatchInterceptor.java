package ai.bvrai.infra.axon;

import ai.bvrai.api.MetadataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** A command sent while serving an HTTP request carries that request's correlation id. */
class CorrelationIdDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            String correlationId = MDC.get(MetadataKeys.CORRELATION_ID);
            if (correlationId == null || message.getMetaData().containsKey(MetadataKeys.CORRELATION_ID)) {
                return message;
            }
            return message.andMetaData(Map.of(MetadataKeys.CORRELATION_ID, correlationId));
        };
    }
}
