package ai.bvrai.api.analytics;

/**
 * Ended calls whose duration is in [{@code fromSeconds}, {@code toSeconds}); {@code toSeconds} null for the last,
 * open bucket.
 */
public record DurationBucket(long fromSeconds, Long toSeconds, long calls) {
}
