package ai.bvrai.api.agent;

/** One agent of an organization; answers with an empty result when there is none (or it is another organization's). */
public record FindAgentQuery(String organizationId, String agentId) {
}
