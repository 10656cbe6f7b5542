package ai.bvrai.infra.recording;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where call recordings live. The voice runtime writes a finished recording; the query side serves it. The
 * location is opaque: it travels in {@code CallRecordingStoredEvent} and is resolved by the same store.
 */
public interface RecordingStore {

    /** Stores the bytes of a finished recording and answers its location. */
    String store(String organizationId, String callId, String extension, InputStream content) throws IOException;

    /** Opens a stored recording, if it exists. */
    Optional<StoredRecording> open(String location) throws IOException;

    record StoredRecording(InputStream content, long bytes) {
    }
}
