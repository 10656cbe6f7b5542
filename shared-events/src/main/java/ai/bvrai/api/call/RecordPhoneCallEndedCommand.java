package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The telephony provider reports that the phone call is over (busy, no answer, failed, canceled, completed): the call
 * ends with {@code reason} like with {@link EndCallCommand} (ending an ended call is a no-op, the first reason stands),
 * but the provider having ended it, nothing is left to hang up there.
 */
public record RecordPhoneCallEndedCommand(@TargetAggregateIdentifier @NotBlank String callId, @NotNull EndReason reason,
                                          String detail) {
}
