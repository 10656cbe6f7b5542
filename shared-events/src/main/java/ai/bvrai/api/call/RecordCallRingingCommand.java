package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The phone of an outbound call's callee is ringing (the telephony provider said so). */
public record RecordCallRingingCommand(@TargetAggregateIdentifier @NotBlank String callId) {
}
