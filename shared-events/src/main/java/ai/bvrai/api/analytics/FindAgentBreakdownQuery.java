package ai.bvrai.api.analytics;

/** The measures per agent and agent version. Answered with {@link AgentBreakdownView}. */
public record FindAgentBreakdownQuery(AnalyticsFilter filter) {
}
