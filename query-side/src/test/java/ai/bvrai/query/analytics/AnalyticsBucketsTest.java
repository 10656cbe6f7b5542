package ai.bvrai.query.analytics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class AnalyticsBucketsTest {

    @Test
    void givenLatencies_whenBucketed_thenExactBelow100AndRoundedUpToTwoDigitsAbove() {
        assertThat(List.of(-5L, 0L, 1L, 99L, 100L, 101L, 123L, 999L, 1_000L, 1_001L, 12_345L).stream()
                .map(AnalyticsBuckets::latencyBucket).toList())
                .containsExactly(0L, 0L, 1L, 99L, 100L, 110L, 130L, 1_000L, 1_000L, 1_100L, 13_000L);
    }

    @Test
    void givenDurations_whenBucketed_thenTheLowerBoundOfTheirBucket() {
        assertThat(List.of(0L, 9_999L, 10_000L, 59_999L, 600_000L, 1_799_999L, 1_800_000L, 86_400_000L).stream()
                .map(AnalyticsBuckets::durationBucket).toList())
                .containsExactly(0L, 0L, 10L, 30L, 600L, 600L, 1_800L, 1_800L);
    }

    @Test
    void givenAHistogram_whenAPercentileIsAsked_thenTheBucketOfTheNearestRankValue() {
        TreeMap<Long, Long> histogram = new TreeMap<>();
        LongStream.rangeClosed(1, 100).forEach(v -> histogram.merge(AnalyticsBuckets.latencyBucket(v * 10), 1L, Long::sum));
        assertThat(AnalyticsReader.percentile(histogram, 100, 50)).isEqualTo(500L);
        assertThat(AnalyticsReader.percentile(histogram, 100, 95)).isEqualTo(950L);
        assertThat(AnalyticsReader.percentile(histogram, 100, 99)).isEqualTo(990L);
        assertThat(AnalyticsReader.percentile(histogram, 100, 100)).isEqualTo(1_000L);
        assertThat(AnalyticsReader.percentile(new TreeMap<>(), 0, 50)).isNull();
    }
}
