package ai.bvrai.api.agent;

import org.axonframework.serialization.Revision;

/** Version {@code version} (1, 2, …) of the agent now exists and never changes. */
@Revision("1")
public record AgentPublishedEvent(String agentId, int version, AgentConfiguration configuration) {
}
