package ai.bvrai.api.call;

/**
 * One call of an organization, with its ordered turns: answers a {@link CallView}, or an empty result when
 * there is none (or it is another organization's).
 */
public record FindCallQuery(String organizationId, String callId) {
}
