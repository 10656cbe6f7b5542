package ai.bvrai.api.analytics;

/** Calls, duration and talk time per local day or hour. Answered with {@link CallVolumeSeries}. */
public record FindCallVolumeQuery(AnalyticsFilter filter, AnalyticsInterval interval) {
}
