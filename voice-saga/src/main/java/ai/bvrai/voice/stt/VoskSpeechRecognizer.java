package ai.bvrai.voice.stt;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.SpeechRecognizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Offline speech recognition with Vosk (provider {@code vosk}). One shared model (loaded lazily on first use, or at
 * start-up by {@link #preload()}), one native recognizer per call. Thread-safe.
 *
 * <p>Model names agents may select: {@code en-us} or {@code vosk-model-en-us} (the bundled small US English model).
 * Vosk needs 16 kHz audio: transports up-sample 8 kHz telephone audio first.
 */
public class VoskSpeechRecognizer implements SpeechRecognizer {

    public static final String PROVIDER = "vosk";
    /** The model name the bundled model answers to (a {@code vosk-model-} prefix is accepted). */
    public static final String MODEL_NAME = "en-us";
    static final float SAMPLE_RATE = 16_000f;

    private final Supplier<Path> modelDirectory;
    private final ObjectMapper json = new ObjectMapper();
    private volatile VoskModels.LoadedModel model;

    /** @param modelDirectory resolves the model directory when it is first needed */
    public VoskSpeechRecognizer(Supplier<Path> modelDirectory) {
        this.modelDirectory = modelDirectory;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /** Loads the model now (it is otherwise loaded by the first call); returns how long loading took. */
    public Duration preload() {
        return model().loadTime();
    }

    @Override
    public RecognitionSession open(SttSettings settings, String language) {
        if (settings != null && settings.model() != null && !supportsModel(settings.model())) {
            throw new SpeechEngineException("Vosk has no model '" + settings.model() + "'; available: " + MODEL_NAME);
        }
        if (language != null && !language.toLowerCase(Locale.ROOT).startsWith("en")) {
            throw new SpeechEngineException("The bundled Vosk model recognizes English only, not '" + language + "'");
        }
        Model loaded = model().model();
        try {
            Recognizer recognizer = new Recognizer(loaded, SAMPLE_RATE);
            return new VoskRecognitionSession(recognizer, json);
        } catch (IOException | RuntimeException e) {
            throw new SpeechEngineException("Cannot create a Vosk recognizer: " + e.getMessage(), e);
        }
    }

    static boolean supportsModel(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals(MODEL_NAME) || n.equals("vosk-model-" + MODEL_NAME) || n.equals("default");
    }

    private VoskModels.LoadedModel model() {
        VoskModels.LoadedModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = VoskModels.load(modelDirectory.get());
                }
                m = model;
            }
        }
        return m;
    }
}
