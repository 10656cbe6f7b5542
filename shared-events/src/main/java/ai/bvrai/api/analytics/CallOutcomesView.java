package ai.bvrai.api.analytics;

import java.util.List;

/** Outcomes (every end reason, zeros included) and the duration histogram (every bucket) of the ended calls. */
public record CallOutcomesView(long endedCalls, List<OutcomeCount> outcomes, List<DurationBucket> durations,
                               ReadModelStatus readModel) {

    public CallOutcomesView {
        outcomes = List.copyOf(outcomes);
        durations = List.copyOf(durations);
    }
}
