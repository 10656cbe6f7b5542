package ai.bvrai.voice.tts.elevenlabs;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import ai.bvrai.voice.engine.SpeechEngineException;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Cloud speech synthesis with ElevenLabs (provider {@code elevenlabs}) through its HTTP streaming endpoint
 * {@code POST /v1/text-to-speech/{voice_id}/stream}: one request per sentence, each piece of audio handed to the sink
 * as it arrives (at most 100 ms a piece) as 16 kHz PCM16, whichever {@link ElevenLabsOptions.OutputFormat} travels.
 * {@code VoiceSettings.voiceId} is ElevenLabs' voice id; the voice's stored settings apply.
 *
 * <p>While a sentence is in flight a watchdog looks at it every {@value #WATCH_INTERVAL_MILLIS} ms: a raised
 * cancellation, a first byte later than {@link ElevenLabsOptions#firstByteTimeout()} or a sentence longer than
 * {@link ElevenLabsOptions#sentenceTimeout()} aborts the request or closes the body stream, which also wakes the
 * reading thread; the rest of the audio is not downloaded. Failures are {@link ProviderException}s whose messages
 * never hold the API key. Thread-safe; the {@link HttpClient} stays the caller's (share one per node).
 */
public class ElevenLabsSpeechSynthesizer implements SpeechSynthesizer {

    public static final String PROVIDER = "elevenlabs";

    private static final long WATCH_INTERVAL_MILLIS = 20;
    private static final Pattern VOICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final int ERROR_BODY_LIMIT = 8_192;
    private static final int ERROR_TEXT_LIMIT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("elevenlabs-watchdog").daemon().factory());

    private final ElevenLabsOptions options;
    private final String apiKey;
    private final HttpClient http;

    public ElevenLabsSpeechSynthesizer(ElevenLabsOptions options, String apiKey, HttpClient http) {
        this.options = Objects.requireNonNull(options, "options");
        this.http = Objects.requireNonNull(http, "http");
        // checked here: the JDK would quote an invalid header value, i.e. the key, in its exception
        if (apiKey == null || apiKey.isBlank() || !apiKey.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("the ElevenLabs API key must be non-blank printable ASCII");
        }
        this.apiKey = apiKey;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * @throws ProviderException when ElevenLabs refuses the sentence (its status and explanation), is too slow
     *                           ({@link Kind#TIMEOUT}), or the connection or the audio stream breaks
     */
    @Override
    public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
        if (text == null || text.isBlank() || cancel.isCancelled()) {
            return;
        }
        HttpRequest request = request(voiceId(voice), text.strip());
        Exchange exchange = new Exchange(cancel);
        try {
            HttpResponse<InputStream> response = exchange.send(request);
            try (InputStream body = response.body()) {
                exchange.attach(body);
                if (response.statusCode() / 100 != 2) {
                    exchange.firstByteArrived();
                    throw statusFailure(response.statusCode(), body.readNBytes(ERROR_BODY_LIMIT));
                }
                stream(body, sink, cancel, exchange);
            }
        } catch (IOException | CancellationException e) {
            if (cancel.isCancelled()) {
                return;
            }
            throw failure(exchange, e);
        } finally {
            exchange.end();
        }
    }

    private void stream(InputStream body, AudioSink sink, Cancellation cancel, Exchange exchange) throws IOException {
        AudioDecoder decoder = AudioDecoder.of(options.outputFormat());
        byte[] buffer = new byte[decoder.readSize()];
        int n;
        while ((n = body.read(buffer)) != -1) {
            exchange.received(n);
            forward(decoder.decode(buffer, n), sink);
            if (cancel.isCancelled()) {
                return;
            }
        }
        if (!cancel.isCancelled()) {
            forward(decoder.finish(), sink);
        }
    }

    private static void forward(byte[] pcm16, AudioSink sink) {
        if (pcm16.length > 0) {
            sink.accept(pcm16, 0, pcm16.length);
        }
    }

    private HttpRequest request(String voiceId, String text) {
        String base = options.baseUrl().toString().replaceFirst("/+$", "");
        URI uri = URI.create(base + "/v1/text-to-speech/" + voiceId + "/stream?output_format="
                + options.outputFormat().wireName());
        String body = JSON.createObjectNode().put("text", text).put("model_id", options.modelId()).toString();
        return HttpRequest.newBuilder(uri)
                .header("xi-api-key", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "audio/*")
                .POST(BodyPublishers.ofString(body, UTF_8))
                .build();
    }

    private static String voiceId(VoiceSettings voice) {
        String id = voice == null ? null : voice.voiceId();
        if (id == null || !VOICE_ID.matcher(id).matches()) {
            throw new ProviderException(PROVIDER, Kind.REJECTED, null, "'" + id + "' is not an ElevenLabs voice id");
        }
        return id;
    }

    private ProviderException statusFailure(int status, byte[] body) {
        return fail(ProviderException.kindOfStatus(status), status, "HTTP " + status + ": " + explanation(body), null);
    }

    /**
     * ElevenLabs' explanation in an error body: {@code {"detail": {"status": …, "message": …}}}, {@code {"detail": "…"}}
     * or a validation error's {@code {"detail": [{"loc": […], "msg": …}]}}; otherwise the start of the body.
     */
    private static String explanation(byte[] body) {
        String text = new String(body, UTF_8).strip();
        try {
            JsonNode detail = JSON.readTree(text).path("detail");
            if (detail.isTextual()) {
                return detail.asText();
            }
            if (detail.isObject() && detail.hasNonNull("message")) {
                String code = detail.path("status").asText(detail.path("code").asText(""));
                return detail.get("message").asText() + (code.isEmpty() ? "" : " (" + code + ")");
            }
            if (detail.isArray() && !detail.isEmpty()) {
                StringJoiner errors = new StringJoiner("; ");
                for (JsonNode error : detail) {
                    StringJoiner location = new StringJoiner(".");
                    error.path("loc").forEach(part -> location.add(part.asText()));
                    errors.add(location + ": " + error.path("msg").asText());
                }
                return errors.toString();
            }
        } catch (JsonProcessingException e) {
            // not JSON: the text itself explains
        }
        if (text.isEmpty()) {
            return "no explanation";
        }
        return text.length() <= ERROR_TEXT_LIMIT ? text : text.substring(0, ERROR_TEXT_LIMIT) + "…";
    }

    private SpeechEngineException failure(Exchange exchange, Exception e) {
        Abort aborted = exchange.aborted();
        if (aborted == Abort.FIRST_BYTE_TIMEOUT) {
            return fail(Kind.TIMEOUT, null, "no audio within " + options.firstByteTimeout().toMillis() + " ms", null);
        }
        if (aborted == Abort.SENTENCE_TIMEOUT) {
            return fail(Kind.TIMEOUT, null, "the sentence was not spoken within "
                    + options.sentenceTimeout().toMillis() + " ms (" + exchange.audioBytes + " audio bytes received)", null);
        }
        if (Thread.currentThread().isInterrupted()) {
            return new SpeechEngineException("interrupted while ElevenLabs was speaking", e);
        }
        boolean responded = exchange.responded;
        String what = responded ? "the audio stream broke after " + exchange.audioBytes + " bytes" : "no answer";
        return fail(kindOf(e, responded), null, what + ": " + describe(e), e);
    }

    /** Transport failures are CONNECTION; a malformed or truncated answer is PROTOCOL. */
    private static Kind kindOf(Throwable e, boolean responded) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof SocketException
                    || t instanceof SSLException || t instanceof ClosedChannelException) {
                return Kind.CONNECTION;
            }
            if (t instanceof ProtocolException) {
                return Kind.PROTOCOL;
            }
            if (t instanceof EOFException) {
                return responded ? Kind.PROTOCOL : Kind.CONNECTION;
            }
        }
        return responded ? Kind.PROTOCOL : Kind.CONNECTION;
    }

    private static String describe(Throwable e) {
        StringJoiner chain = new StringJoiner(" / ");
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        return chain.toString();
    }

    private ProviderException fail(Kind kind, Integer status, String message, Throwable cause) {
        return new ProviderException(PROVIDER, kind, status, message.replace(apiKey, "[redacted]"), cause);
    }

    @Override
    public String toString() {
        return "elevenlabs(" + options.baseUrl() + ", " + options.modelId() + ", " + options.outputFormat().wireName() + ")";
    }

    private enum Abort { CANCELLED, FIRST_BYTE_TIMEOUT, SENTENCE_TIMEOUT }

    /** One sentence's request and response, watched for the cancellation and the deadlines. */
    private final class Exchange {

        private final Cancellation cancel;
        private final long startNanos = System.nanoTime();
        private CompletableFuture<HttpResponse<InputStream>> response;
        private ScheduledFuture<?> watch;
        private volatile boolean firstByte;
        private boolean responded; // this and audioBytes: the reading thread's
        private long audioBytes;
        private Abort aborted;     // guarded by this
        private InputStream body;  // guarded by this

        Exchange(Cancellation cancel) {
            this.cancel = cancel;
        }

        HttpResponse<InputStream> send(HttpRequest request) throws IOException {
            response = http.sendAsync(request, BodyHandlers.ofInputStream());
            watch = WATCHDOG.scheduleWithFixedDelay(this::check, WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS,
                    TimeUnit.MILLISECONDS);
            try {
                HttpResponse<InputStream> r = response.get();
                responded = true;
                return r;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                response.cancel(true);
                Thread.currentThread().interrupt();
                throw new SpeechEngineException("interrupted while waiting for ElevenLabs", e);
            }
        }

        /** Hands the body stream to the watchdog; closes it at once when the exchange was aborted already. */
        synchronized void attach(InputStream stream) throws IOException {
            body = stream;
            if (aborted != null) {
                stream.close();
            }
        }

        void firstByteArrived() {
            firstByte = true;
        }

        void received(int bytes) {
            firstByte = true;
            audioBytes += bytes;
        }

        synchronized Abort aborted() {
            return aborted;
        }

        void end() {
            if (watch != null) {
                watch.cancel(false);
            }
        }

        private void check() {
            long elapsed = System.nanoTime() - startNanos;
            if (cancel.isCancelled()) {
                abort(Abort.CANCELLED);
            } else if (!firstByte && elapsed > options.firstByteTimeout().toNanos()) {
                abort(Abort.FIRST_BYTE_TIMEOUT);
            } else if (elapsed > options.sentenceTimeout().toNanos()) {
                abort(Abort.SENTENCE_TIMEOUT);
            }
        }

        private void abort(Abort reason) {
            InputStream stream;
            synchronized (this) {
                if (aborted != null) {
                    return;
                }
                aborted = reason;
                stream = body;
            }
            response.cancel(true);
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // closing only wakes the reader: it reports the abort
                }
            }
        }
    }
}
