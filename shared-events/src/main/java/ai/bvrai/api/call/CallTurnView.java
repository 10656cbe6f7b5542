package ai.bvrai.api.call;

/**
 * One turn of a call's transcript; times in ms since the call connected.
 *
 * @param turn        the number the voice runtime gave the turn (increasing per speaker)
 * @param interrupted the caller barged in: {@code text} is the part that was heard (agent turns only)
 * @param latency     per-stage timings (agent turns only, else null)
 */
public record CallTurnView(Speaker speaker, int turn, String text, boolean interrupted, long startedAtMs,
                           long endedAtMs, TurnLatency latency) {
}
