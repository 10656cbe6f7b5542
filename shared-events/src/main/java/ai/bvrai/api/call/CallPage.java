package ai.bvrai.api.call;

import java.util.List;

/**
 * One page of calls.
 *
 * @param totalItems the matching calls, counted up to a bound: when {@code totalExact} is false there are more
 *                   (counting a million calls exactly would cost more than the page itself)
 */
public record CallPage(List<CallSummary> items, int page, int size, long totalItems, int totalPages, boolean totalExact) {

    public CallPage {
        items = List.copyOf(items);
    }
}
