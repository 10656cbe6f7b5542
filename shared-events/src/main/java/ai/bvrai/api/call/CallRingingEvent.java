package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The callee's phone is ringing. */
@Revision("1")
public record CallRingingEvent(String callId) {
}
