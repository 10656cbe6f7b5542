package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/**
 * The call's recording is stored: a WAV with the caller on the left channel and the agent on the right.
 *
 * @param location where the recording store keeps it (opaque to clients)
 */
@Revision("1")
public record CallRecordingStoredEvent(String callId, String location, String contentType, long durationMs, long bytes) {
}
