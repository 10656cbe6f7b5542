package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * What the agent said in one turn, as the caller heard it: when the caller interrupted, {@code heardText}
 * is the part that was played and {@code interrupted} is true.
 */
public record RecordAgentTurnCommand(@TargetAggregateIdentifier @NotBlank String callId, @PositiveOrZero int turn,
                                     @NotNull String heardText, boolean interrupted, long startedAtMs,
                                     long endedAtMs, @NotNull TurnLatency latency) {
}
