package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Open a call record for an agent's published version; {@code timeZone} null: the organization's current one. */
public record RequestCallCommand(
        @TargetAggregateIdentifier @NotBlank String callId,
        @NotBlank String organizationId,
        @NotBlank String agentId,
        @Positive int agentVersion,
        @NotNull CallDirection direction,
        String from,
        String to,
        @NotNull Map<String, String> variables,
        @NotNull CallLimits limits,
        String timeZone) {

    public RequestCallCommand {
        variables = Map.copyOf(variables);
    }
}
