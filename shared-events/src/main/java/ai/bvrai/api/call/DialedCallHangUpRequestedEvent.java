package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/**
 * The call ended on the platform (API, deadline, error) while the phone call the telephony provider dialed for it had
 * no media stream, so no voice session will hang it up: the provider must end it — cancel it while it is queued or
 * ringing ({@code answered} false), hang it up once answered.
 */
@Revision("1")
public record DialedCallHangUpRequestedEvent(String callId, String providerCallId, boolean answered) {
}
