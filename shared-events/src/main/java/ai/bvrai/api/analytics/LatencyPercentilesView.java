package ai.bvrai.api.analytics;

import java.util.List;

/** One entry per stage, in pipeline order. */
public record LatencyPercentilesView(List<StageLatency> stages, ReadModelStatus readModel) {

    public LatencyPercentilesView {
        stages = List.copyOf(stages);
    }
}
