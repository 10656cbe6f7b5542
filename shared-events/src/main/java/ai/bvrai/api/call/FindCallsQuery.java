package ai.bvrai.api.call;

import java.time.Instant;

/**
 * A page of an organization's calls; every filter is optional (null).
 *
 * @param from       only calls requested at or after this instant
 * @param to         only calls requested before this instant
 * @param text       case-insensitive text any turn of the transcript contains
 * @param sort       the order of the page, ties broken by call id
 */
public record FindCallsQuery(String organizationId, String agentId, CallStatus status, CallDirection direction,
                             Instant from, Instant to, String text, int page, int size,
                             CallSortField sort, boolean descending) {
}
