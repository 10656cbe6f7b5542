package ai.bvrai.api.analytics;

import java.util.List;

/** One row per agent version that had calls in the range, by agent id then version. */
public record AgentBreakdownView(List<AgentVersionStats> rows, ReadModelStatus readModel) {

    public AgentBreakdownView {
        rows = List.copyOf(rows);
    }
}
