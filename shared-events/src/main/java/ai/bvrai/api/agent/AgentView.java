package ai.bvrai.api.agent;

import java.time.Instant;

/**
 * An agent as the API shows it.
 *
 * @param latestVersion the newest published version, or null while never published
 * @param revision      the sequence number of the agent's newest event: the value for If-Match
 */
public record AgentView(String agentId, AgentStatus status, AgentConfiguration configuration,
                        Integer latestVersion, long revision, Instant createdAt, Instant updatedAt) {
}
