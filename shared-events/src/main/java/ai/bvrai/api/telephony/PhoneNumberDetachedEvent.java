package ai.bvrai.api.telephony;

import org.axonframework.serialization.Revision;

/** The organization gave the number up. */
@Revision("1")
public record PhoneNumberDetachedEvent(String phoneNumberId, String organizationId, String number) {
}
