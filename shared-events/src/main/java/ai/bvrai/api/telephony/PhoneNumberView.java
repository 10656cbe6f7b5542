package ai.bvrai.api.telephony;

import java.time.Instant;

/** A number attached to an agent, as the read model shows it ({@code revision}: of its record). */
public record PhoneNumberView(String phoneNumberId, String organizationId, String number, String agentId,
                              Instant attachedAt, long revision) {
}
