package ai.bvrai.api.agent;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Archive an agent: hidden from lists by default, no new calls, restorable. */
public record ArchiveAgentCommand(@TargetAggregateIdentifier @NotBlank String agentId) {
}
