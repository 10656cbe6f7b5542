package ai.bvrai.api.call;

/** That a call has a recording, and what it is; the bytes are served at {@code /api/v1/calls/{callId}/recording}. */
public record CallRecordingSummary(String contentType, long durationMs, long bytes) {
}
