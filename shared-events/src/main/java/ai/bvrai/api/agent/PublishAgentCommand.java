package ai.bvrai.api.agent;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Freeze the agent's current configuration as its next immutable version. */
public record PublishAgentCommand(@TargetAggregateIdentifier @NotBlank String agentId) {
}
