package ai.bvrai.voice.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import ai.bvrai.infra.recording.RecordingStore;

final class InMemoryRecordingStore implements RecordingStore {

    final Map<String, byte[]> stored = new ConcurrentHashMap<>();

    @Override
    public String store(String organizationId, String callId, String extension, InputStream content) throws IOException {
        String location = organizationId + "/" + callId + "." + extension;
        stored.put(location, content.readAllBytes());
        return location;
    }

    @Override
    public Optional<StoredRecording> open(String location) {
        byte[] bytes = stored.get(location);
        return bytes == null ? Optional.empty() : Optional.of(new StoredRecording(new ByteArrayInputStream(bytes), bytes.length));
    }
}
