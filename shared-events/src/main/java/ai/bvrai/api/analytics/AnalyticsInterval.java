package ai.bvrai.api.analytics;

/** The width of one point of a time series. */
public enum AnalyticsInterval {
    DAY,
    HOUR
}
