package ai.bvrai.api.analytics;

/** The measures of one agent version's calls; {@code averageDurationMs} null when none ended. */
public record AgentVersionStats(String agentId, int agentVersion, long calls, long connected, long ended,
                                long durationMs, Long averageDurationMs, long userTalkMs, long agentTalkMs) {
}
