package ai.bvrai.api.audit;

import java.util.List;

/** One page of an audit timeline. */
public record AuditPage(List<AuditEntryView> items, int page, int size, long totalItems, int totalPages) {

    public AuditPage {
        items = List.copyOf(items);
    }
}
