package ai.bvrai.api.call;

import java.util.List;

/** One page of calls. */
public record CallPage(List<CallSummary> items, int page, int size, long totalItems, int totalPages) {

    public CallPage {
        items = List.copyOf(items);
    }
}
