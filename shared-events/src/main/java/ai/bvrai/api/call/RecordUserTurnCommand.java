package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What the caller said in one turn, with when (ms since the call connected). */
public record RecordUserTurnCommand(@TargetAggregateIdentifier @NotBlank String callId, @PositiveOrZero int turn,
                                    @NotNull String text, long startedAtMs, long endedAtMs) {
}
