package ai.bvrai.infra.credentials;

import java.util.Optional;

import ai.bvrai.api.organization.Provider;

/** Which credentials an organization's calls use for a provider (see {@link ProviderCredentials}). */
@FunctionalInterface
public interface CredentialsResolver {

    Optional<ProviderSecret> resolve(String organizationId, Provider provider);
}
