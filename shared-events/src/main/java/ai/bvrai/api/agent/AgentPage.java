package ai.bvrai.api.agent;

import java.util.List;

/** One page of agents. */
public record AgentPage(List<AgentView> items, int page, int size, long totalItems, int totalPages) {

    public AgentPage {
        items = List.copyOf(items);
    }
}
