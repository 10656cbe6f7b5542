package ai.bvrai.api.telephony;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The organization gives the number up: its calls are no longer answered, another organization may attach it. */
public record DetachPhoneNumberCommand(@TargetAggregateIdentifier @NotBlank String phoneNumberId) {
}
