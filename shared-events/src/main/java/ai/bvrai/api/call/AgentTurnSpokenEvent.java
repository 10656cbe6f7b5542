package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The agent's turn as the caller heard it, with its latency breakdown; times in ms since the call connected. */
@Revision("1")
public record AgentTurnSpokenEvent(String callId, int turn, String heardText, boolean interrupted,
                                   long startedAtMs, long endedAtMs, TurnLatency latency) {
}
