package ai.bvrai.voice.stt.deepgram;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechRecognizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Streaming speech recognition with Deepgram's live API (provider {@code deepgram}): each {@link #open} makes one
 * WebSocket to {@code {baseUrl}/v1/listen} through the given {@link HttpClient}. One instance per organization's API
 * key; cheap and thread-safe.
 *
 * <p>Protocol choices:
 * <ul>
 *   <li>The stream is asked for {@code encoding=linear16&sample_rate=16000&channels=1} (our audio as it is), the
 *       agent's model and language, {@code interim_results=true} (so {@code accept} has a partial hypothesis),
 *       {@code punctuate} and {@code smart_format} (text fit for the language model and the transcript),
 *       {@code endpointing} from {@link DeepgramOptions} and {@code vad_events=false}.</li>
 *   <li>Deepgram's endpoints ({@code speech_final}) do not end the caller's turn: our own voice activity detection
 *       does, and then {@code finishUtterance} sends {@code Finalize} to flush what Deepgram still holds.</li>
 *   <li>Each {@code accept} sends its audio as one binary frame; {@code KeepAlive} goes out only while nothing else
 *       is sent; {@code close} sends {@code CloseStream}.</li>
 * </ul>
 *
 * <p>Failures are {@link ProviderException}s of provider {@code deepgram}. The key travels only in the
 * {@code Authorization: Token} header: it is never part of a URL, an exception message or a log line.
 */
public class DeepgramSpeechRecognizer implements SpeechRecognizer {

    public static final String PROVIDER = "deepgram";
    private static final int MAX_DETAIL_CHARS = 200;

    private final DeepgramOptions options;
    private final String apiKey;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public DeepgramSpeechRecognizer(DeepgramOptions options, String apiKey, HttpClient http) {
        this.options = Objects.requireNonNull(options, "options");
        this.http = Objects.requireNonNull(http, "http");
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("a Deepgram API key is required");
        }
        this.apiKey = apiKey;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    /**
     * Opens a stream, waiting at most the connect timeout for it.
     *
     * @param settings the model (e.g. {@code nova-3}); Deepgram's default model when there is none
     * @param language e.g. {@code en-US}; Deepgram's default language when {@code null}
     * @throws ProviderException when the upgrade is refused (kind from the HTTP status, with Deepgram's message),
     *                           times out ({@code TIMEOUT}) or no connection can be made ({@code CONNECTION})
     */
    @Override
    public RecognitionSession open(SttSettings settings, String language) {
        DeepgramRecognitionSession session = new DeepgramRecognitionSession(options, json);
        CompletableFuture<WebSocket> connecting = http.newWebSocketBuilder()
                .header("Authorization", "Token " + apiKey)
                .connectTimeout(options.connectTimeout())
                .buildAsync(listenUri(settings == null ? null : settings.model(), language), session.listener());
        try {
            session.start(connecting.get(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS));
            return session;
        } catch (ExecutionException e) {
            throw connectFailure(e.getCause());
        } catch (TimeoutException e) {
            connecting.thenAccept(WebSocket::abort);
            throw new ProviderException(PROVIDER, Kind.TIMEOUT, null,
                    "no stream from " + options.baseUrl() + " within " + options.connectTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connecting.thenAccept(WebSocket::abort);
            throw new ProviderException(PROVIDER, Kind.CONNECTION, null, "interrupted while opening a stream");
        }
    }

    /** The listen URI; parameters without a value are left out, so Deepgram's defaults apply. */
    private URI listenUri(String model, String language) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("model", model);
        query.put("language", language);
        query.put("encoding", "linear16");
        query.put("sample_rate", "16000");
        query.put("channels", "1");
        query.put("interim_results", "true");
        query.put("endpointing", Long.toString(options.endpointing().toMillis()));
        query.put("punctuate", "true");
        query.put("smart_format", "true");
        query.put("vad_events", "false");
        String base = options.baseUrl().toString().replaceFirst("/+$", "");
        return URI.create(base + "/v1/listen?" + query.entrySet().stream()
                .filter(p -> p.getValue() != null && !p.getValue().isBlank())
                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue().strip(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private ProviderException connectFailure(Throwable cause) {
        if (cause instanceof WebSocketHandshakeException refused) {
            // not chained as the cause: its response holds the request, and so the key
            HttpResponse<?> response = refused.getResponse();
            int status = response.statusCode();
            String detail = errorMessage(response);
            String requestId = response.headers().firstValue("dg-request-id").map(id -> " (request " + id + ")").orElse("");
            return new ProviderException(PROVIDER, ProviderException.kindOfStatus(status), status,
                    "the stream was refused with HTTP " + status + (detail.isEmpty() ? "" : ": " + detail) + requestId);
        }
        if (cause instanceof HttpTimeoutException) {
            return new ProviderException(PROVIDER, Kind.TIMEOUT, null,
                    "no stream from " + options.baseUrl() + " within " + options.connectTimeout().toMillis() + " ms", cause);
        }
        return new ProviderException(PROVIDER, Kind.CONNECTION, null,
                "cannot open a stream to " + options.baseUrl() + ": " + cause, cause);
    }

    /** Deepgram's reason for a refused upgrade: from the JSON body, else the {@code dg-error} header, else the body. */
    private String errorMessage(HttpResponse<?> response) {
        String body = response.body() instanceof String text ? text.strip() : "";
        if (!body.isEmpty()) {
            try {
                JsonNode error = json.readTree(body);
                for (String field : new String[] {"err_msg", "message"}) { // Deepgram's older and newer error shapes
                    if (error.path(field).isTextual()) {
                        return shorten(error.path(field).asText());
                    }
                }
            } catch (JsonProcessingException notJson) {
                // the header or the raw body below says it
            }
        }
        return response.headers().firstValue("dg-error").map(DeepgramSpeechRecognizer::shorten)
                .orElse(shorten(body));
    }

    static String shorten(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_DETAIL_CHARS ? oneLine : oneLine.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
