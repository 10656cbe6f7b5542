package ai.bvrai.query.calls;

import ai.bvrai.api.call.CallPage;
import ai.bvrai.api.call.CallSummary;
import ai.bvrai.api.call.FindCallsInProgressQuery;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Server push of the organization's call changes, for the dashboard's live call status: a
 * {@code text/event-stream} of {@code {"type":"connected","inProgress":[…]}} and then
 * {@code {"type":"call","call":<summary>}} on every change of one of the caller's organization's calls.
 * Authenticated like every route (browsers read it with fetch and an Authorization header; EventSource cannot
 * send one) and scoped to the token's organization by the subscription query.
 */
@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls")
@PreAuthorize(Roles.CAN_READ)
class LiveCallsController {

    private static final Logger log = LoggerFactory.getLogger(LiveCallsController.class);

    private final QueryGateway queries;
    private final Duration timeout;

    LiveCallsController(QueryGateway queries, @Value("${bvrai.dashboard.live-stream-timeout:30m}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: every change of the organization's calls (the stream ends after 30 minutes; reconnect)")
    SseEmitter live(@AuthenticationPrincipal Caller caller) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        SubscriptionQueryResult<CallPage, CallSummary> subscription = queries.subscriptionQuery(
                new FindCallsInProgressQuery(caller.requireOrganization()),
                ResponseTypes.instanceOf(CallPage.class), ResponseTypes.instanceOf(CallSummary.class));
        emitter.onCompletion(subscription::close);
        emitter.onTimeout(subscription::close);
        emitter.onError(error -> subscription.close());
        subscription.initialResult().subscribe(
                page -> send(emitter, subscription, Map.of("type", "connected", "inProgress", page.items())),
                error -> emitter.completeWithError(error));
        subscription.updates().subscribe(
                call -> send(emitter, subscription, Map.of("type", "call", "call", call)),
                error -> emitter.completeWithError(error),
                emitter::complete);
        return emitter;
    }

    private static void send(SseEmitter emitter, SubscriptionQueryResult<?, ?> subscription, Object event) {
        try {
            emitter.send(SseEmitter.event().data(event, MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            log.debug("live call stream closed: {}", e.getMessage());
            subscription.close();
        }
    }
}
