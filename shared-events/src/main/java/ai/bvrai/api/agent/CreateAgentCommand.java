package ai.bvrai.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a draft agent owned by an organization. */
public record CreateAgentCommand(
        @TargetAggregateIdentifier @NotBlank String agentId,
        @NotBlank String organizationId,
        @NotNull @Valid AgentConfiguration configuration) {
}
