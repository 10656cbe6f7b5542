package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The callee picked up an outbound call.
 *
 * @param answeredBy the provider's answering-machine detection as it reported it ({@code human}, {@code machine_start},
 *                   {@code fax}, {@code unknown}, …), null when detection was off
 */
public record RecordCallAnsweredCommand(@TargetAggregateIdentifier @NotBlank String callId,
                                        @Size(max = 32) String answeredBy) {
}
