package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The caller's audio is connected; {@code node} is the voice runtime that holds it. */
@Revision("1")
public record CallConnectedEvent(String callId, String node) {
}
