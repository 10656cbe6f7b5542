package ai.bvrai.infra.axon;

import ai.bvrai.api.MetadataKeys;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Log lines written while a message is handled (on any thread) carry its correlation id. Not while an event is
 * replayed: a read model rebuilt from history would otherwise log under the ids of requests made weeks ago, and a
 * search for one request's lines would find the rebuild; skipping also spares the replay the deserialization of
 * every event's metadata.
 */
class CorrelationIdLoggingInterceptor implements MessageHandlerInterceptor<Message<?>> {

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (ReplayToken.isReplay(unitOfWork.getMessage())) {
            return chain.proceed();
        }
        Object correlationId = unitOfWork.getMessage().getMetaData().get(MetadataKeys.CORRELATION_ID);
        String previous = MDC.get(MetadataKeys.CORRELATION_ID);
        if (correlationId == null) {
            return chain.proceed();
        }
        MDC.put(MetadataKeys.CORRELATION_ID, correlationId.toString());
        try {
            return chain.proceed();
        } finally {
            if (previous == null) {
                MDC.remove(MetadataKeys.CORRELATION_ID);
            } else {
                MDC.put(MetadataKeys.CORRELATION_ID, previous);
            }
        }
    }
}
