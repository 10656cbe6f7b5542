package ai.bvrai.query.calls;

import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallPage;
import ai.bvrai.api.call.CallRecordingLocation;
import ai.bvrai.api.call.CallRecordingStoredEvent;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.CallSortField;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.CallTransferredEvent;
import ai.bvrai.api.call.CallAnsweredEvent;
import ai.bvrai.api.call.CallDialedEvent;
import ai.bvrai.api.call.CallRingingEvent;
import ai.bvrai.api.call.ProviderErrorRecordedEvent;
import ai.bvrai.api.call.ProviderErrorView;
import ai.bvrai.api.call.ToolInvocationView;
import ai.bvrai.api.call.ToolInvokedEvent;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.api.call.FindCallRecordingQuery;
import ai.bvrai.api.call.FindCallsQuery;
import ai.bvrai.api.call.FindCallsInProgressQuery;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallSummary;
import ai.bvrai.api.call.Speaker;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Subquery;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The calls read model: one row per call, one per transcript turn. Handlers are idempotent (an event at or below
 * the call's revision is skipped), so redelivery and replay are safe.
 */
@Component
@ProcessingGroup(CallProjection.PROCESSING_GROUP)
class CallProjection {

    static final String PROCESSING_GROUP = "call-projection";
    /** Calls counted exactly for a list's total; past it the total says "at least" (see {@link CallPage}). */
    static final int COUNT_BOUND = 10_000;

    private final CallRepository calls;
    private final CallTurnRepository turns;
    private final QueryUpdateEmitter updates;
    private final CallPages pages;

    CallProjection(CallRepository calls, CallTurnRepository turns, QueryUpdateEmitter updates, CallPages pages) {
        this.calls = calls;
        this.pages = pages;
        this.turns = turns;
        this.updates = updates;
    }

    @EventHandler
    void on(CallRequestedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        if (calls.existsById(event.callId())) {
            return;
        }
        CallEntity call = new CallEntity(event.callId(), event.organizationId(), event.agentId(), event.agentVersion(),
                event.direction(), event.from(), event.to(), event.variables(), event.limits(), at,
                event.timeZone() != null ? event.timeZone() : "UTC");
        call.touched(revision);
        emit(calls.save(call));
    }

    @EventHandler
    void on(CallConnectedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.callId(), revision, call -> call.connected(event.node(), at));
    }

    @EventHandler
    void on(UserTurnTranscribedEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call -> {
            turns.save(new CallTurnEntity(event.callId(), Speaker.USER, event.turn(), event.text(), false,
                    event.startedAtMs(), event.endedAtMs(), null, revision));
            call.turnAdded();
        });
    }

    @EventHandler
    void on(AgentTurnSpokenEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call -> {
            turns.save(new CallTurnEntity(event.callId(), Speaker.AGENT, event.turn(), event.heardText(),
                    event.interrupted(), event.startedAtMs(), event.endedAtMs(), event.latency(), revision));
            call.turnAdded();
        });
    }

    @EventHandler
    void on(CallEndedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.callId(), revision, call -> call.ended(event.reason(), event.detail(), event.durationMs(), at));
    }

    @EventHandler
    void on(CallRingingEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, CallEntity::ringing);
    }

    @EventHandler
    void on(CallDialedEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call -> call.dialed(event.providerCallId()));
    }

    @EventHandler
    void on(CallAnsweredEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call -> call.answered(event.answeredBy()));
    }

    @EventHandler
    void on(CallTransferredEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call -> call.transferred(event.toNumber()));
    }

    @EventHandler
    void on(ToolInvokedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.callId(), revision, call -> call.toolInvoked(new ToolInvocationView(at, event.toolName(),
                event.arguments(), event.result(), event.error(), event.durationMs())));
    }

    @EventHandler
    void on(ProviderErrorRecordedEvent event, @SequenceNumber long revision, @Timestamp Instant at) {
        change(event.callId(), revision, call -> call.providerFailed(new ProviderErrorView(at, event.stage(),
                event.provider(), event.errorClass(), event.message(), event.latencyMs(), event.fallback())));
    }

    @EventHandler
    void on(CallRecordingStoredEvent event, @SequenceNumber long revision) {
        change(event.callId(), revision, call ->
                call.recorded(event.location(), event.contentType(), event.durationMs(), event.bytes()));
    }

    @ResetHandler
    void reset() {
        turns.deleteAllInBatch();
        calls.deleteAllInBatch();
    }

    @QueryHandler
    CallView handle(FindCallQuery query) {
        return calls.findByCallIdAndOrganizationId(query.callId(), query.organizationId())
                .map(this::toView).orElse(null);
    }

    @QueryHandler
    CallRecordingLocation handle(FindCallRecordingQuery query) {
        return calls.findByCallIdAndOrganizationId(query.callId(), query.organizationId())
                .map(CallEntity::toRecordingLocation).orElse(null);
    }

    @QueryHandler
    CallPage handle(FindCallsInProgressQuery query) {
        Specification<CallEntity> live = (root, q, cb) -> cb.and(
                cb.equal(root.get("organizationId"), query.organizationId()),
                cb.notEqual(root.get("status"), CallStatus.ENDED));
        Page<CallEntity> page = calls.findAll(live, PageRequest.of(0, 100,
                Sort.by("requestedAt").descending().and(Sort.by("callId"))));
        return new CallPage(page.map(CallEntity::toSummary).getContent(), 0, 100, page.getTotalElements(),
                page.getTotalPages(), true);
    }

    @QueryHandler
    CallPage handle(FindCallsQuery query) {
        Specification<CallEntity> filter = (root, q, cb) -> cb.equal(root.get("organizationId"), query.organizationId());
        if (query.agentId() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("agentId"), query.agentId()));
        }
        if (query.status() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("status"), query.status()));
        }
        if (query.direction() != null) {
            filter = filter.and((root, q, cb) -> cb.equal(root.get("direction"), query.direction()));
        }
        if (query.from() != null) {
            filter = filter.and((root, q, cb) -> cb.greaterThanOrEqualTo(root.get("requestedAt"), query.from()));
        }
        if (query.to() != null) {
            filter = filter.and((root, q, cb) -> cb.lessThan(root.get("requestedAt"), query.to()));
        }
        if (query.text() != null && !query.text().isBlank()) {
            String pattern = "%" + escapeLike(query.text().strip().toLowerCase(Locale.ROOT)) + "%";
            filter = filter.and((root, q, cb) -> {
                Subquery<Integer> matchingTurn = q.subquery(Integer.class);
                var turn = matchingTurn.from(CallTurnEntity.class);
                matchingTurn.select(cb.literal(1)).where(
                        cb.equal(turn.get("callId"), root.get("callId")),
                        cb.like(cb.lower(turn.get("text")), pattern, '\\'));
                return cb.exists(matchingTurn);
            });
        }
        List<CallSummary> items = pages.page(filter.and(orderedBy(query.sort(), query.descending())), query.page(),
                query.size()).stream().map(CallEntity::toSummary).toList();
        long counted = pages.countUpTo(filter, COUNT_BOUND + 1);
        boolean exact = counted <= COUNT_BOUND;
        long total = Math.max(exact ? counted : COUNT_BOUND, (long) query.page() * query.size() + items.size());
        return new CallPage(items, query.page(), query.size(), total, (int) ((total + query.size() - 1) / query.size()),
                exact);
    }

    /**
     * The page order, ties broken by call id. Calls still going have no duration: they come last either way
     * (an order by expression, which Spring Data's Sort cannot express; not applied to the count query).
     */
    private static Specification<CallEntity> orderedBy(CallSortField field, boolean descending) {
        return (root, q, cb) -> {
            if (q.getResultType() != Long.class && q.getResultType() != long.class) {
                Expression<?> key = field == CallSortField.DURATION_MS
                        ? cb.coalesce(root.<Long>get("durationMs"), descending ? -1L : Long.MAX_VALUE)
                        : root.get("requestedAt");
                q.orderBy(descending ? cb.desc(key) : cb.asc(key), cb.asc(root.get("callId")));
            }
            return null;
        };
    }

    private void change(String callId, long revision, Consumer<CallEntity> change) {
        calls.findById(callId).filter(call -> call.isBehind(revision)).ifPresent(call -> {
            change.accept(call);
            call.touched(revision);
            emit(call);
        });
    }

    /**
     * Tells subscribers of this call (read-your-writes waits, the voice runtime) its new state, and the
     * organization's live call lists its summary.
     */
    private void emit(CallEntity call) {
        boolean listed = updates.activeSubscriptions().stream()
                .anyMatch(s -> s.getPayload() instanceof FindCallsInProgressQuery q && q.organizationId().equals(call.organizationId()));
        if (listed) {
            updates.emit(FindCallsInProgressQuery.class, query -> query.organizationId().equals(call.organizationId()),
                    call.toSummary());
        }
        boolean watched = updates.activeSubscriptions().stream()
                .anyMatch(s -> s.getPayload() instanceof FindCallQuery q && q.callId().equals(call.callId()));
        if (!watched) {
            return;
        }
        turns.flush();
        CallView view = toView(call);
        updates.emit(FindCallQuery.class,
                query -> query.callId().equals(call.callId()) && query.organizationId().equals(call.organizationId()),
                view);
    }

    private CallView toView(CallEntity call) {
        List<CallTurnEntity> transcript = turns.findByCallIdOrderByStartedAtMsAscSequenceAsc(call.callId());
        return call.toView(transcript.stream().map(CallTurnEntity::toView).toList(),
                CallLatencies.summarise(transcript.stream().map(CallTurnEntity::latency).toList()));
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
