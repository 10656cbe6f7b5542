package ai.bvrai.api.analytics;

/** End reasons and the distribution of call durations. Answered with {@link CallOutcomesView}. */
public record FindCallOutcomesQuery(AnalyticsFilter filter) {
}
