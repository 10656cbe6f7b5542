package ai.bvrai.api.analytics;

/**
 * Nearest-rank percentiles of one latency mark over the agent turns that measured it, in ms from the end of the
 * caller's speech (the marks of {@code TurnLatency}). Values are the upper bounds of histogram buckets: exact
 * below 100 ms, rounded up to two significant digits above (at most 10 % high). Null when no turn measured it.
 */
public record StageLatency(String stage, long turns, Long p50, Long p90, Long p95, Long p99, Long max) {
}
