package ai.bvrai.api.call;

import ai.bvrai.api.agent.AgentConfiguration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The call leaves the agent for a person at {@code toNumber} (E.164); it ends here with reason TRANSFERRED. */
public record TransferCallCommand(@TargetAggregateIdentifier @NotBlank String callId,
                                  @NotBlank @Pattern(regexp = AgentConfiguration.E164) String toNumber) {
}
