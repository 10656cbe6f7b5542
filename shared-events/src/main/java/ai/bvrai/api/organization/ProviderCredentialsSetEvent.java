package ai.bvrai.api.organization;

import org.axonframework.serialization.Revision;

/** Credentials were stored; the secret itself lives encrypted in the command side's table under {@code reference}. */
@Revision("1")
public record ProviderCredentialsSetEvent(String organizationId, Provider provider, String reference, String hint) {
}
