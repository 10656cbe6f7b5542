package ai.bvrai.query.projections;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ProjectionMonitorTest {

    @ProcessingGroup("analytics-projection")
    static class AnalyticsLikeProjection {
    }

    @Test
    void givenAReplayFromTheEventTableRunning_whenTheSameReadModelIsReplayedAgain_thenItIsRefusedAndNothingIsReset() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
        when(processing.eventProcessor("analytics-projection", TrackingEventProcessor.class))
                .thenReturn(Optional.of(processor));
        EventTableReplay tableReplay = mock(EventTableReplay.class);
        when(tableReplay.position("analytics-projection")).thenReturn(OptionalLong.of(1_234));
        ApplicationContext context = mock(ApplicationContext.class);
        when(context.getBeansWithAnnotation(ProcessingGroup.class))
                .thenReturn(Map.of("analyticsProjection", new AnalyticsLikeProjection()));
        ProjectionMonitor monitor = new ProjectionMonitor(processing, mock(EventStore.class), tableReplay, context);

        assertThatThrownBy(() -> monitor.replay("analytics-projection"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROJECTION_NOT_REPLAYABLE))
                .hasMessageContaining("being rebuilt");
        verify(processor, never()).shutDown();
        verify(processor, never()).resetTokens();
    }
}
