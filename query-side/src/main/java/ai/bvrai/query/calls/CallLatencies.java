package ai.bvrai.query.calls;

import ai.bvrai.api.call.CallLatencySummary;
import ai.bvrai.api.call.TurnLatency;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Summarises the per-turn latencies of one call (nearest-rank percentiles over the turns that measured a stage). */
final class CallLatencies {

    private CallLatencies() {
    }

    static CallLatencySummary summarise(List<TurnLatency> turns) {
        List<Long> firstAudioSent = stage(turns, TurnLatency::firstAudioSentMs);
        return new CallLatencySummary(firstAudioSent.size(),
                percentile(firstAudioSent, 50), percentile(firstAudioSent, 95), percentile(firstAudioSent, 100),
                percentile(stage(turns, TurnLatency::sttFinalMs), 50),
                percentile(stage(turns, TurnLatency::firstReplyTextMs), 50),
                percentile(stage(turns, TurnLatency::firstAudioSynthesizedMs), 50));
    }

    private static List<Long> stage(List<TurnLatency> turns, Function<TurnLatency, Long> stage) {
        return turns.stream().filter(Objects::nonNull).map(stage).filter(Objects::nonNull).sorted().toList();
    }

    /** The nearest-rank percentile of sorted values, or null when there are none. */
    static Long percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
