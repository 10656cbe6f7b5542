package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/**
 * The call is over.
 *
 * @param durationMs time from connect to end (0 when it never connected)
 * @param detail     for ERROR, what failed (no secrets, no caller data)
 */
@Revision("1")
public record CallEndedEvent(String callId, EndReason reason, String detail, long durationMs) {
}
