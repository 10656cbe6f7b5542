package ai.bvrai.api.agent;

import org.axonframework.serialization.Revision;

@Revision("1")
public record AgentArchivedEvent(String agentId) {
}
