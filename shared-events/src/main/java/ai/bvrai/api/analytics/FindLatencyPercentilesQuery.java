package ai.bvrai.api.analytics;

/** Percentiles of the agent turns' latency per pipeline stage. Answered with {@link LatencyPercentilesView}. */
public record FindLatencyPercentilesQuery(AnalyticsFilter filter) {
}
