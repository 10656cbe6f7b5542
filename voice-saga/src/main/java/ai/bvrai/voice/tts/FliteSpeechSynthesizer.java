package ai.bvrai.voice.tts;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.audio.Wav;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.engine.VoiceEngines;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Speech synthesis with the {@code flite} binary (Debian package {@code flite}; provider {@code flite}), one process
 * per sentence. Voices: {@code slt} (default), {@code rms}, {@code awb}, {@code kal16} at 16 kHz and {@code kal} at
 * 8 kHz (up-sampled with a windowed-sinc {@link ai.bvrai.voice.audio.Resampler}). Available only where the binary
 * exists. Thread-safe. flite writes its WAV when the sentence is complete; it is then forwarded per 100 ms chunk,
 * checking the cancellation between chunks (a cancelled synthesis kills the process).
 */
public class FliteSpeechSynthesizer implements SpeechSynthesizer, VoiceEngines.Availability {

    public static final String PROVIDER = "flite";
    public static final String DEFAULT_VOICE = "slt";
    static final List<String> VOICES = List.of("slt", "rms", "awb", "kal16", "kal");

    private final String binary;
    private final Optional<String> unavailable;

    /** @param binary the flite executable: a path, or a name looked up on {@code PATH} */
    public FliteSpeechSynthesizer(String binary) {
        Optional<Path> found = locate(binary);
        this.binary = found.map(Path::toString).orElse(binary);
        this.unavailable = found.isPresent() ? Optional.empty()
                : Optional.of("the '" + binary + "' executable was not found (install the Debian package flite, "
                + "or set bvrai.voice.flite.binary)");
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public Optional<String> unavailableReason() {
        return unavailable;
    }

    @Override
    public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
        unavailable.ifPresent(reason -> {
            throw new SpeechEngineException("flite is not available: " + reason);
        });
        if (text == null || text.isBlank() || cancel.isCancelled()) {
            return;
        }
        String voiceId = voice == null || voice.voiceId() == null || voice.voiceId().isBlank()
                || voice.voiceId().equals("default") ? DEFAULT_VOICE : voice.voiceId();
        if (!VOICES.contains(voiceId)) {
            throw new SpeechEngineException("flite has no voice '" + voiceId + "'; available: " + VOICES);
        }
        // no shell: the text is one argument; a leading '-' cannot be taken for an option after -t
        ProcessBuilder pb = new ProcessBuilder(binary, "-voice", voiceId, "-o", "/dev/stdout", "-t", text.strip())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = null;
        try {
            process = pb.start();
            process.getOutputStream().close();
            try (InputStream in = process.getInputStream()) {
                Wav.Header header = Wav.readHeader(in);
                if (header.channels() != 1) {
                    throw new SpeechEngineException("flite produced " + header.channels() + " channels");
                }
                ChunkedSink out = new ChunkedSink(sink, cancel, header.sampleRate(), false);
                byte[] buffer = new byte[ChunkedSink.CHUNK_BYTES];
                int n;
                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                    if (!out.write(buffer, 0, n)) {
                        return; // cancelled: the finally block ends the process
                    }
                }
                out.finish();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new SpeechEngineException("flite failed (exit " + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
            }
        } catch (IOException e) {
            throw new SpeechEngineException("flite failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechEngineException("interrupted while flite was speaking", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    static Optional<Path> locate(String binary) {
        if (binary.contains(File.separator)) {
            Path p = Path.of(binary);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
        return Arrays.stream(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, binary)).filter(Files::isExecutable).findFirst();
    }

    @Override
    public String toString() {
        return "flite(" + binary + ", voices " + String.join(",", VOICES) + ")";
    }
}
