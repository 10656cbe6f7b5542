package ai.bvrai.api.agent;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Bring an archived agent back. */
public record RestoreAgentCommand(@TargetAggregateIdentifier @NotBlank String agentId) {
}
