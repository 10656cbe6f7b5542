package ai.bvrai.voice.stt.deepgram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DeepgramSpeechRecognizer} talks to Deepgram.
 *
 * @param baseUrl           the WebSocket origin: {@code wss://api.deepgram.com}, a self-hosted Deepgram, or a test server
 * @param endpointing       the silence after which Deepgram marks an endpoint ({@code speech_final}); sent in whole ms
 * @param keepAliveInterval how long the stream may go without anything sent before a {@code KeepAlive} goes out
 *                          (Deepgram closes a stream that gets nothing for about 10 s)
 * @param finalizeTimeout   how long {@code finishUtterance} waits for Deepgram's answer to {@code Finalize}
 * @param connectTimeout    how long opening a stream (TCP, TLS and the upgrade) may take
 */
public record DeepgramOptions(URI baseUrl, Duration endpointing, Duration keepAliveInterval, Duration finalizeTimeout,
                              Duration connectTimeout) {

    public static final URI DEFAULT_BASE_URL = URI.create("wss://api.deepgram.com");

    public DeepgramOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"wss".equals(baseUrl.getScheme()) && !"ws".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be a ws:// or wss:// URI, not " + baseUrl);
        }
        requirePositive(endpointing, "endpointing");
        requirePositive(keepAliveInterval, "keepAliveInterval");
        requirePositive(finalizeTimeout, "finalizeTimeout");
        requirePositive(connectTimeout, "connectTimeout");
    }

    /** Deepgram's cloud; 300 ms endpointing, a keep-alive after 4 s without audio, 1.5 s finalize and 3 s connect timeouts. */
    public static DeepgramOptions defaults() {
        return new DeepgramOptions(DEFAULT_BASE_URL, Duration.ofMillis(300), Duration.ofSeconds(4),
                Duration.ofMillis(1500), Duration.ofSeconds(3));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
