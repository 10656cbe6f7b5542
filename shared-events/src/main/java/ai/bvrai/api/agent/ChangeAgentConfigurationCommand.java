package ai.bvrai.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Change some fields of an agent's configuration.
 *
 * @param expectedVersion when set, the change is refused if the agent changed since that version
 */
public record ChangeAgentConfigurationCommand(
        @TargetAggregateIdentifier @NotBlank String agentId,
        @NotNull @Valid AgentConfigurationPatch patch,
        @TargetAggregateVersion Long expectedVersion) {
}
