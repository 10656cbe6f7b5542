package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** What the caller said in turn {@code turn}; times in ms since the call connected. */
@Revision("1")
public record UserTurnTranscribedEvent(String callId, int turn, String text, long startedAtMs, long endedAtMs) {
}
