package ai.bvrai.voice.stt;

import ai.bvrai.voice.engine.SpeechEngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and loads Vosk models. A model is large (the shipped English one is ~70 MB on disk, ~1–2 s to load), so each
 * directory is loaded once per JVM and kept for its lifetime, shared by every recognizer, whichever Spring context
 * asked for it.
 *
 * <p>The build unpacks {@code com.alphacephei:vosk-model-en} into the jar under {@code vosk/model-en-us/} with an
 * index of its files ({@code vosk/model-en-us.index}). Vosk needs a real directory: run from a directory on the
 * class path (tests, IDE) it is used in place; from a jar it is extracted once into a cache directory.
 */
public final class VoskModels {

    /** The model shipped in this module. */
    public static final String BUNDLED_MODEL = "model-en-us";
    /** Bumped with the model artifact so an old extraction is never reused. */
    static final String BUNDLED_VERSION = "0.3.45";

    private static final Logger log = LoggerFactory.getLogger(VoskModels.class);
    private static final Map<Path, LoadedModel> LOADED = new ConcurrentHashMap<>();

    /** A loaded model, with how long loading took. */
    public record LoadedModel(Path directory, Model model, Duration loadTime) {
    }

    private VoskModels() {
    }

    /** Loads (once per JVM) the model in {@code directory}. */
    public static LoadedModel load(Path directory) {
        Path key = directory.toAbsolutePath().normalize();
        return LOADED.computeIfAbsent(key, VoskModels::loadNow);
    }

    private static LoadedModel loadNow(Path directory) {
        if (!Files.isRegularFile(directory.resolve("am/final.mdl")) && !Files.isDirectory(directory.resolve("am"))) {
            throw new SpeechEngineException("No Vosk model in " + directory + " (expected am/, conf/, graph/)");
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        long start = System.nanoTime();
        try {
            Model model = new Model(directory.toString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            log.info("Loaded Vosk model {} in {} ms", directory, took.toMillis());
            return new LoadedModel(directory, model, took);
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new SpeechEngineException("Cannot load the Vosk model in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bundled model's directory: in place when the classes are a directory, else extracted below {@code cacheRoot}
     * (once; a completed extraction is marked and reused).
     */
    public static Path bundledModelDirectory(Path cacheRoot) {
        ClassLoader loader = VoskModels.class.getClassLoader();
        URL index = loader.getResource("vosk/" + BUNDLED_MODEL + ".index");
        if (index == null) {
            throw new SpeechEngineException("The bundled Vosk model is missing from the class path (vosk/" + BUNDLED_MODEL
                    + ".index); build voice-saga with Maven, or set bvrai.voice.vosk.model-path to a Vosk model directory");
        }
        if ("file".equals(index.getProtocol())) {
            try {
                Path inPlace = Path.of(index.toURI()).resolveSibling(BUNDLED_MODEL);
                if (Files.isDirectory(inPlace)) {
                    return inPlace;
                }
            } catch (URISyntaxException | IllegalArgumentException e) {
                // fall through to extraction
            }
        }
        return extract(loader, index, cacheRoot.resolve(BUNDLED_MODEL + "-" + BUNDLED_VERSION));
    }

    private static synchronized Path extract(ClassLoader loader, URL index, Path target) {
        Path done = target.resolve(".extracted");
        if (Files.exists(done)) {
            return target;
        }
        long start = System.nanoTime();
        try (InputStream in = index.openStream()) {
            List<String> files = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            Files.createDirectories(target.getParent());
            Path staging = Files.createTempDirectory(target.getParent(), BUNDLED_MODEL + ".tmp");
            for (String file : files) {
                Path out = staging.resolve(file).normalize();
                if (!out.startsWith(staging)) {
                    throw new IOException("unsafe path in model index: " + file);
                }
                Files.createDirectories(out.getParent());
                try (InputStream resource = loader.getResourceAsStream("vosk/" + BUNDLED_MODEL + "/" + file)) {
                    if (resource == null) {
                        throw new IOException("model file missing from the class path: " + file);
                    }
                    Files.copy(resource, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.createFile(staging.resolve(".extracted"));
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.exists(done)) { // another JVM finished first: use its copy
                    throw raced;
                }
            }
            log.info("Extracted the bundled Vosk model to {} in {} ms", target, (System.nanoTime() - start) / 1_000_000);
            return target;
        } catch (IOException e) {
            throw new SpeechEngineException("Cannot extract the bundled Vosk model to " + target + ": " + e.getMessage(), e);
        }
    }
}
