package ai.bvrai.query.analytics;

import ai.bvrai.api.call.TurnLatency;

import java.util.List;
import java.util.function.Function;

/** The histogram buckets of the analytics read model; shared by the projection and the queries. */
final class AnalyticsBuckets {

    /** Lower bounds (seconds) of the duration buckets; the last one is open. */
    static final List<Long> DURATION_BOUNDS_S = List.of(0L, 10L, 30L, 60L, 120L, 300L, 600L, 1800L);

    /** The latency marks of an agent turn, in pipeline order, by the name the API uses. */
    static final List<Stage> STAGES = List.of(
            new Stage("endOfSpeechDetected", TurnLatency::endOfSpeechDetectedMs),
            new Stage("sttFinal", TurnLatency::sttFinalMs),
            new Stage("firstReplyText", TurnLatency::firstReplyTextMs),
            new Stage("firstAudioSynthesized", TurnLatency::firstAudioSynthesizedMs),
            new Stage("firstAudioSent", TurnLatency::firstAudioSentMs));

    record Stage(String name, Function<TurnLatency, Long> mark) {
    }

    private AnalyticsBuckets() {
    }

    /** The lower bound (s) of the duration bucket a call of {@code durationMs} falls in. */
    static long durationBucket(long durationMs) {
        long seconds = Math.max(0, durationMs) / 1000;
        long bucket = 0;
        for (long bound : DURATION_BOUNDS_S) {
            if (seconds >= bound) {
                bucket = bound;
            }
        }
        return bucket;
    }

    /** The upper bound of the latency bucket of {@code ms}: exact below 100, else rounded up to two significant digits. */
    static long latencyBucket(long ms) {
        if (ms <= 0) {
            return 0;
        }
        if (ms < 100) {
            return ms;
        }
        long magnitude = 1;
        while (ms / magnitude >= 100) {
            magnitude *= 10;
        }
        return ((ms + magnitude - 1) / magnitude) * magnitude;
    }
}
