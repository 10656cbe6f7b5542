package ai.bvrai.api.telephony;

import org.axonframework.serialization.Revision;

/** Calls to {@code number} (E.164) are answered by the organization's agent. */
@Revision("1")
public record PhoneNumberAttachedEvent(String phoneNumberId, String organizationId, String number, String agentId) {
}
