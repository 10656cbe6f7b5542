package ai.bvrai.infra.recording;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recordings as files under one directory ({@code <organization>/<call>.<ext>}); in a split or replicated
 * deployment the directory is a shared volume. Written to a temporary file and moved into place, so a reader
 * never sees half a recording.
 */
public class FileSystemRecordingStore implements RecordingStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path root;

    public FileSystemRecordingStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String store(String organizationId, String callId, String extension, InputStream content) throws IOException {
        String location = safe(organizationId) + "/" + safe(callId) + "." + safe(extension);
        Path target = resolve(location);
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), ".recording-", ".part");
        try {
            Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return location;
    }

    @Override
    public Optional<StoredRecording> open(String location) throws IOException {
        Path file = resolve(location);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(new StoredRecording(Files.newInputStream(file), Files.size(file)));
    }

    private Path resolve(String location) {
        Path file = root.resolve(location).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("Recording location outside the store: " + location);
        }
        return file;
    }

    private static String safe(String part) {
        if (!SAFE.matcher(part).matches()) {
            throw new IllegalArgumentException("Unsafe recording path part: " + part);
        }
        return part;
    }
}
