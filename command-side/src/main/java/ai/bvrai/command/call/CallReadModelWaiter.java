package ai.bvrai.command.call;

import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Read-your-writes for calls: subscribe to the call's view, send the command, and answer with the first view
 * at or past the revision the command produced (subscribing first, so no update slips by in between).
 */
@Component
class CallReadModelWaiter {

    private final QueryGateway queries;
    private final Duration timeout;

    CallReadModelWaiter(QueryGateway queries, @Value("${bvrai.read-your-writes-timeout:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /**
     * @param knownRevision the revision the command will produce when known in advance (request: 0), else null
     *                      to use the revision the command handler returns
     * @return the view, or empty when the read model did not catch up within the timeout (the command did succeed)
     */
    Optional<CallView> await(String organizationId, String callId, Long knownRevision, Supplier<Object> command) {
        try (SubscriptionQueryResult<CallView, CallView> result = queries.subscriptionQuery(
                new FindCallQuery(organizationId, callId),
                ResponseTypes.instanceOf(CallView.class),
                ResponseTypes.instanceOf(CallView.class))) {
            Object outcome = command.get();
            long revision = knownRevision != null ? knownRevision : ((Number) outcome).longValue();
            Predicate<CallView> caughtUp = view -> view.revision() >= revision;
            return Flux.concat(result.initialResult(), result.updates())
                    .filter(caughtUp)
                    .next()
                    .timeout(timeout, Mono.empty())
                    .blockOptional();
        }
    }
}
