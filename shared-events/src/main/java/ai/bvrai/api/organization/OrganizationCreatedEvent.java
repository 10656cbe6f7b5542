package ai.bvrai.api.organization;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrganizationCreatedEvent(String organizationId, String name, String alias) {
}
