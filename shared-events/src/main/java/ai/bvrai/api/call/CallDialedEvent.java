package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The telephony provider is placing the outbound call; {@code providerCallId} is its id of it (Twilio's call SID). */
@Revision("1")
public record CallDialedEvent(String callId, String providerCallId) {
}
