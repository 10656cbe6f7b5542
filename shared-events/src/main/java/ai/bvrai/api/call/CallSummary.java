package ai.bvrai.api.call;

import java.time.Instant;

/** One call in a list: no transcript, the number of turns instead. */
public record CallSummary(String callId, String agentId, int agentVersion, CallDirection direction, CallStatus status,
                          EndReason endReason, Instant requestedAt, Instant connectedAt, Instant endedAt,
                          Long durationMs, int turnCount, boolean hasRecording) {
}
