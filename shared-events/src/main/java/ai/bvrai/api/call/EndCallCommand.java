package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** End the call; ending an ended call is a no-op (the first reason stands). */
public record EndCallCommand(@TargetAggregateIdentifier @NotBlank String callId, @NotNull EndReason reason,
                             String detail) {
}
