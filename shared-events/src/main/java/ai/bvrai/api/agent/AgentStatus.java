package ai.bvrai.api.agent;

/** Where an agent is in its life: being drafted, with at least one published version, or archived. */
public enum AgentStatus { DRAFT, PUBLISHED, ARCHIVED }
