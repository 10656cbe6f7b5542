package ai.bvrai.api.call;

/** Where the recording store keeps a call's recording (opaque; never shown to API clients). */
public record CallRecordingLocation(String callId, String location, String contentType, long bytes) {
}
