package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The call's recording is stored (see {@code CallRecordingStoredEvent}). */
public record StoreCallRecordingCommand(@TargetAggregateIdentifier @NotBlank String callId, @NotBlank String location,
                                        String contentType, long durationMs, long bytes) {
}
