package ai.bvrai.api.organization;

import org.axonframework.serialization.Revision;

/** An organization's settings changed; see {@link ChangeOrganizationSettingsCommand}. */
@Revision("1")
public record OrganizationSettingsChangedEvent(String organizationId, String timeZone) {
}
