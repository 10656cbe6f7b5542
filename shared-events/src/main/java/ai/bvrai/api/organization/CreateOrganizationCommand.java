package ai.bvrai.api.organization;

import jakarta.validation.constraints.NotBlank;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Record a new organization (tenant); its id is the one the identity provider gave it. */
public record CreateOrganizationCommand(
        @TargetAggregateIdentifier @NotBlank String organizationId,
        @NotBlank String name,
        @NotBlank String alias) {
}
