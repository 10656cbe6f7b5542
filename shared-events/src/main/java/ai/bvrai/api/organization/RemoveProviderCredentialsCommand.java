package ai.bvrai.api.organization;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Forget an organization's credentials for a provider; calls fall back to the platform default, if any. */
public record RemoveProviderCredentialsCommand(
        @TargetAggregateIdentifier @NotBlank String organizationId,
        @NotNull Provider provider) {
}
