package ai.bvrai.voice.tts.elevenlabs;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ElevenLabsSpeechSynthesizer} talks to ElevenLabs.
 *
 * @param baseUrl          the API's root, e.g. {@code https://api.elevenlabs.io} (a path prefix is kept, for proxies)
 * @param modelId          the {@code model_id} of each request, e.g. {@code eleven_flash_v2_5}
 * @param outputFormat     the audio ElevenLabs sends; either way the sink receives 16 kHz PCM16
 * @param firstByteTimeout the longest wait from sending a sentence to its first audio byte
 * @param sentenceTimeout  the longest a whole sentence may take, from sending it to its last audio byte
 */
public record ElevenLabsOptions(
        URI baseUrl,
        String modelId,
        OutputFormat outputFormat,
        Duration firstByteTimeout,
        Duration sentenceTimeout) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.elevenlabs.io");
    public static final String DEFAULT_MODEL_ID = "eleven_flash_v2_5";

    /** ElevenLabs' {@code output_format}s that the synthesizer can turn into 16 kHz PCM16. */
    public enum OutputFormat {
        /** 16-bit little-endian mono PCM at 16 kHz: passed through as it is */
        PCM_16000("pcm_16000"),
        /** G.711 μ-law at 8 kHz (telephone band, a quarter of the bytes): decoded and up-sampled */
        ULAW_8000("ulaw_8000");

        private final String wireName;

        OutputFormat(String wireName) {
            this.wireName = wireName;
        }

        /** The value of the {@code output_format} query parameter. */
        public String wireName() {
            return wireName;
        }
    }

    public ElevenLabsOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(outputFormat, "outputFormat");
        if (!("https".equals(baseUrl.getScheme()) || "http".equals(baseUrl.getScheme())) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL: " + baseUrl);
        }
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank");
        }
        requirePositive(firstByteTimeout, "firstByteTimeout");
        requirePositive(sentenceTimeout, "sentenceTimeout");
    }

    /** {@code https://api.elevenlabs.io}, {@code eleven_flash_v2_5}, {@code pcm_16000}, 5 s to the first byte, 15 s a sentence. */
    public static ElevenLabsOptions defaults() {
        return new ElevenLabsOptions(DEFAULT_BASE_URL, DEFAULT_MODEL_ID, OutputFormat.PCM_16000,
                Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    public ElevenLabsOptions withBaseUrl(URI baseUrl) {
        return new ElevenLabsOptions(baseUrl, modelId, outputFormat, firstByteTimeout, sentenceTimeout);
    }

    public ElevenLabsOptions withModelId(String modelId) {
        return new ElevenLabsOptions(baseUrl, modelId, outputFormat, firstByteTimeout, sentenceTimeout);
    }

    public ElevenLabsOptions withOutputFormat(OutputFormat outputFormat) {
        return new ElevenLabsOptions(baseUrl, modelId, outputFormat, firstByteTimeout, sentenceTimeout);
    }

    public ElevenLabsOptions withFirstByteTimeout(Duration firstByteTimeout) {
        return new ElevenLabsOptions(baseUrl, modelId, outputFormat, firstByteTimeout, sentenceTimeout);
    }

    public ElevenLabsOptions withSentenceTimeout(Duration sentenceTimeout) {
        return new ElevenLabsOptions(baseUrl, modelId, outputFormat, firstByteTimeout, sentenceTimeout);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
