package ai.bvrai.api.agent;

/** One published version of one agent. */
public record FindAgentVersionQuery(String organizationId, String agentId, int version) {
}
