package ai.bvrai.api.telephony;

import ai.bvrai.api.agent.AgentConfiguration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The organization answers calls to {@code number} (E.164) with one of its agents. A number has one owner. */
public record AttachPhoneNumberCommand(@TargetAggregateIdentifier @NotBlank String phoneNumberId,
                                       @NotBlank String organizationId,
                                       @NotBlank @Pattern(regexp = AgentConfiguration.E164) String number,
                                       @NotBlank String agentId) {
}
