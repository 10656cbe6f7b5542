package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The agent's language model called a tool during the call.
 *
 * @param arguments  the arguments as the model sent them (JSON)
 * @param result     what the tool answered (JSON), null when it failed
 * @param error      why it failed, null when it succeeded
 * @param durationMs how long the tool took
 */
public record RecordToolInvocationCommand(@TargetAggregateIdentifier @NotBlank String callId, @NotBlank String toolName,
                                          @NotNull String arguments, String result, String error,
                                          @PositiveOrZero long durationMs) {
}
