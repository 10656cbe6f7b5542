package ai.bvrai.infra.axon;

import ai.bvrai.api.MetadataKeys;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdLoggingInterceptorTest {

    private static final TrackingToken LIVE = GapAwareTrackingToken.newInstance(7, List.of());

    @Test
    void givenALiveEvent_whenItIsHandled_thenItsLogLinesCarryItsCorrelationId() throws Exception {
        assertThat(correlationIdSeenByTheHandler(LIVE)).isEqualTo("request-1");
        assertThat(MDC.get(MetadataKeys.CORRELATION_ID)).as("restored afterwards").isNull();
    }

    @Test
    void givenAReplayedEvent_whenItIsHandled_thenItsLogLinesCarryNoCorrelationIdOfTheOldRequest() throws Exception {
        TrackingToken replaying = ((ReplayToken) ReplayToken.createReplayToken(
                GapAwareTrackingToken.newInstance(100, List.of()), null)).advancedTo(LIVE);

        assertThat(correlationIdSeenByTheHandler(replaying)).isNull();
    }

    private static String correlationIdSeenByTheHandler(TrackingToken token) throws Exception {
        EventMessage<?> event = new GenericTrackedEventMessage<>(token, GenericEventMessage.asEventMessage("payload")
                .andMetaData(Map.of(MetadataKeys.CORRELATION_ID, "request-1")));
        AtomicReference<String> seen = new AtomicReference<>();
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        new DefaultInterceptorChain<>(unitOfWork, List.of(new CorrelationIdLoggingInterceptor()), message -> {
            seen.set(MDC.get(MetadataKeys.CORRELATION_ID));
            return null;
        }).proceed();
        unitOfWork.commit();
        return seen.get();
    }
}
