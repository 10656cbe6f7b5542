package ai.bvrai.api.call;

/** Where one call's recording is stored: answers a {@link CallRecordingLocation} or an empty result. */
public record FindCallRecordingQuery(String organizationId, String callId) {
}
