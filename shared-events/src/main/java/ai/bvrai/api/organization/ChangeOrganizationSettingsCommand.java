package ai.bvrai.api.organization;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change an organization's settings.
 *
 * @param timeZone IANA time zone id (e.g. {@code Europe/Berlin}): prompts' date and time, analytics' days
 */
public record ChangeOrganizationSettingsCommand(@TargetAggregateIdentifier @NotBlank String organizationId,
                                                @NotBlank @Size(max = 64) String timeZone) {
}
