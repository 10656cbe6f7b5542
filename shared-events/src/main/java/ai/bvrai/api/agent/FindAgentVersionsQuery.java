package ai.bvrai.api.agent;

/** Every published version of one agent, oldest first. */
public record FindAgentVersionsQuery(String organizationId, String agentId) {
}
