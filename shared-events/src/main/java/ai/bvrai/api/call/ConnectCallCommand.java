package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The caller's audio is connected (the voice runtime on {@code node} holds it). */
public record ConnectCallCommand(@TargetAggregateIdentifier @NotBlank String callId, @NotBlank String node) {
}
