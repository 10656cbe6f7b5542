package ai.bvrai.api.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ProviderCredentialsRemovedEvent(String organizationId, Provider provider) {
}
