package ai.bvrai.command;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Read-your-writes over an eventually consistent read model: subscribe to the resource's view, send the
 * command, and answer with the first view at or past the revision the command produced. Subscribing first
 * means no update can slip by between the command and the wait.
 */
@Component
public class ReadModelWaiter {

    private final QueryGateway queries;
    private final Duration timeout;

    ReadModelWaiter(QueryGateway queries, @Value("${bvrai.read-your-writes-timeout:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /**
     * @param query         the subscription query whose answer is the resource's view (its handler answers null when absent)
     * @param revisionOf    the revision a view shows
     * @param knownRevision the revision the command will produce when known in advance (creation: 0), else null
     *                      to use the revision the command handler returns
     * @return the view, or empty when the read model did not catch up within the timeout (the command did succeed)
     */
    public <V> Optional<V> await(Object query, Class<V> view, ToLongFunction<V> revisionOf, Long knownRevision,
                                 Supplier<Object> command) {
        try (SubscriptionQueryResult<V, V> result = queries.subscriptionQuery(
                query, ResponseTypes.instanceOf(view), ResponseTypes.instanceOf(view))) {
            Object outcome = command.get();
            long revision = knownRevision != null ? knownRevision : ((Number) outcome).longValue();
            return Flux.concat(result.initialResult(), result.updates())
                    .filter(candidate -> revisionOf.applyAsLong(candidate) >= revision)
                    .next()
                    .timeout(timeout, Mono.empty())
                    .blockOptional();
        }
    }
}
