package ai.bvrai.voice.session;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What a transport reads before it accepts a call's audio connection: the call as the read model shows it and its
 * pinned agent version. Each answer is null when the call or version is not there (or the query failed; logged).
 */
public final class CallLookup {

    private static final Logger log = LoggerFactory.getLogger(CallLookup.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    /** How long a just-requested call may take to reach the read model. */
    private static final Duration CALL_VISIBLE_WITHIN = Duration.ofSeconds(2);

    private final QueryGateway queries;

    public CallLookup(QueryGateway queries) {
        this.queries = queries;
    }

    /**
     * The call's view: {@code POST /api/v1/calls} answers 201 only once the read model shows the call, so it is
     * normally there at once; otherwise (a 202, or a call the voice runtime requested itself) this waits for the
     * view's first appearance, up to {@link #CALL_VISIBLE_WITHIN}, through a subscription query rather than polling.
     */
    public CallView awaitCall(FindCallQuery query) {
        try (SubscriptionQueryResult<CallView, CallView> result = queries.subscriptionQuery(query,
                ResponseTypes.instanceOf(CallView.class), ResponseTypes.instanceOf(CallView.class))) {
            return Flux.concat(result.initialResult(), result.updates())
                    .next()
                    .timeout(CALL_VISIBLE_WITHIN, Mono.empty())
                    .block();
        } catch (RuntimeException e) {
            log.warn("Could not load {} for an audio connection", query, e);
            return null;
        }
    }

    public AgentVersionView agentVersion(FindAgentVersionQuery query) {
        try {
            return queries.query(query, AgentVersionView.class).get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not load {} for an audio connection", query, e);
            return null;
        }
    }
}
