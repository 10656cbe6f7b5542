package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The telephony provider accepted to place an outbound call and named it: {@code providerCallId} is its id of the
 * phone call (Twilio's call SID), by which any node can end it there. Recorded in any state of the call: when the call
 * ended on the platform while the provider was still being asked, the phone call is to be hung up at once.
 */
public record RecordCallDialedCommand(@TargetAggregateIdentifier @NotBlank String callId,
                                      @NotBlank @Size(max = 64) String providerCallId) {
}
