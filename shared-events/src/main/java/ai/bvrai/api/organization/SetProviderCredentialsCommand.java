package ai.bvrai.api.organization;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Store (or replace) an organization's credentials for a provider. The secret travels already sealed; the
 * plaintext never enters a message.
 *
 * @param reference an opaque id of this stored value, new for every change
 * @param hint      the masked value a person recognises it by, e.g. {@code sk-…abcd}
 */
public record SetProviderCredentialsCommand(
        @TargetAggregateIdentifier @NotBlank String organizationId,
        @NotNull Provider provider,
        @NotBlank String reference,
        @NotBlank String hint,
        @NotNull SealedSecret sealed) {
}
