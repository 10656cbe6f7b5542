package ai.bvrai.api.agent;

/**
 * A page of an organization's agents, newest first.
 *
 * @param nameContains    case-insensitive part of the name, or null
 * @param status          only this status, or null for all but archived (unless includeArchived)
 * @param includeArchived whether archived agents are listed when no status is given
 */
public record FindAgentsQuery(String organizationId, String nameContains, AgentStatus status,
                              boolean includeArchived, int page, int size) {
}
