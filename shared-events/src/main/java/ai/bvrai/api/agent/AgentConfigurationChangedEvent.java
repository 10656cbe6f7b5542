package ai.bvrai.api.agent;

import org.axonframework.serialization.Revision;

/** The agent's configuration after the change, whole. */
@Revision("1")
public record AgentConfigurationChangedEvent(String agentId, AgentConfiguration configuration) {
}
