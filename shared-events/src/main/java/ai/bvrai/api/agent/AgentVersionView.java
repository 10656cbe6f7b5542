package ai.bvrai.api.agent;

import java.time.Instant;

/** One immutable published version of an agent. */
public record AgentVersionView(String agentId, int version, AgentConfiguration configuration,
                               Instant publishedAt, String publishedBy) {
}
