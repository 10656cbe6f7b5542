package ai.bvrai.api.call;

/**
 * The organization's calls that have not ended (a {@link CallPage} of at most 100, newest first). As a
 * subscription query it is then told every change of any of the organization's calls as a {@link CallSummary}:
 * the dashboard's live call status.
 */
public record FindCallsInProgressQuery(String organizationId) {
}
