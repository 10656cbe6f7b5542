package ai.bvrai.command.agent;

import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
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

/**
 * Read-your-writes over an eventually consistent read model: subscribe to the agent's view, send the
 * command, and answer with the first view at or past the revision the command produced. Subscribing first
 * means no update can slip by between the command and the wait.
 */
@Component
class ReadModelWaiter {

    private final QueryGateway queries;
    private final Duration timeout;

    ReadModelWaiter(QueryGateway queries, @Value("${bvrai.read-your-writes-timeout:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /**
     * @param knownRevision the revision the command will produce when known in advance (creation: 0), else null
     *                      to use the revision the command handler returns
     * @return the view, or empty when the read model did not catch up within the timeout (the command did succeed)
     */
    Optional<AgentView> await(String organizationId, String agentId, Long knownRevision, Supplier<Object> command) {
        try (SubscriptionQueryResult<AgentView, AgentView> result = queries.subscriptionQuery(
                new FindAgentQuery(organizationId, agentId),
                ResponseTypes.instanceOf(AgentView.class),
                ResponseTypes.instanceOf(AgentView.class))) {
            Object outcome = command.get();
            long revision = knownRevision != null ? knownRevision : ((Number) outcome).longValue();
            return Flux.concat(result.initialResult(), result.updates())
                    .filter(candidate -> candidate.revision() >= revision)
                    .next()
                    .timeout(timeout, Mono.empty())
                    .blockOptional();
        }
    }
}
