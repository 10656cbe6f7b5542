package ai.bvrai.voice.llm;

import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.core.codec.CodecException;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies what the Spring AI clients of {@link LanguageModels} throw as {@link ProviderException}s. Messages say
 * what happened in the words of the provider where it gave any (its error message, shortened), never hold a key:
 * a refused key gets a fixed message (providers echo keys there), and anything shaped like a key or a bearer token
 * is masked. The original failure stays the cause.
 * <p>
 * A failure inside a body that had a success status reaches here wrapped by WebClient in a
 * {@code WebClientResponseException} of that status ({@code "200 OK … but response failed with cause"}); it is
 * classified by its cause.
 */
public final class LlmFailures {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Spring AI's default error handler of the blocking clients throws {@code "<status> - <body>"}. */
    private static final Pattern AI_EXCEPTION_STATUS = Pattern.compile("(\\d{3}) - (.*)", Pattern.DOTALL);
    private static final Pattern SECRET = Pattern.compile("(?i)\\bsk-[\\w*.-]+|\\bbearer\\s+\\S+");
    private static final int DETAIL_LIMIT = 200;

    private LlmFailures() {
    }

    /** The classification of a failure of {@code provider}'s chat model (a {@link ProviderException} as it is). */
    public static ProviderException classify(String provider, Throwable failure) {
        if (failure instanceof ProviderException classified) {
            return classified;
        }
        List<Throwable> chain = chain(failure);
        for (Throwable cause : chain) {
            if (cause instanceof WebClientResponseException http && http.getStatusCode().isError()) {
                return httpFailure(provider, http.getStatusCode().value(), http.getResponseBodyAsString(), failure);
            }
            if (cause instanceof RestClientResponseException http && http.getStatusCode().isError()) {
                return httpFailure(provider, http.getStatusCode().value(), http.getResponseBodyAsString(), failure);
            }
            if (cause instanceof TransientAiException || cause instanceof NonTransientAiException) {
                Matcher status = AI_EXCEPTION_STATUS.matcher(String.valueOf(cause.getMessage()));
                if (status.matches()) {
                    return httpFailure(provider, Integer.parseInt(status.group(1)), status.group(2), failure);
                }
            }
        }
        if (has(chain, HttpConnectTimeoutException.class)) {
            return new ProviderException(provider, Kind.CONNECTION, null, "no connection within the connect timeout", failure);
        }
        if (has(chain, TimeoutException.class) || has(chain, HttpTimeoutException.class) || has(chain, SocketTimeoutException.class)) {
            return new ProviderException(provider, Kind.TIMEOUT, null, "no answer within the read timeout", failure);
        }
        if (has(chain, JacksonException.class) || has(chain, CodecException.class)) {
            return new ProviderException(provider, Kind.PROTOCOL, null, "malformed JSON in the answer", failure);
        }
        Optional<Throwable> io = chain.stream().filter(IOException.class::isInstance).findFirst();
        if (io.isPresent()) {
            return new ProviderException(provider, Kind.CONNECTION, null, "connection failed: " + describe(io.get()), failure);
        }
        if (has(chain, TransientAiException.class)) {
            return new ProviderException(provider, Kind.SERVER_ERROR, null, "transient failure: " + describe(failure), failure);
        }
        if (has(chain, NonTransientAiException.class)) {
            return new ProviderException(provider, Kind.REJECTED, null, "request refused: " + describe(failure), failure);
        }
        return new ProviderException(provider, Kind.PROTOCOL, null,
                "unexpected failure handling the answer (" + failure.getClass().getSimpleName() + ")", failure);
    }

    private static ProviderException httpFailure(String provider, int status, String body, Throwable failure) {
        Kind kind = ProviderException.kindOfStatus(status);
        HttpStatus known = HttpStatus.resolve(status);
        String message = "HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase());
        if (kind == Kind.AUTHENTICATION) {
            message += ": the API key was refused";
        } else {
            String detail = providerMessage(body);
            if (!detail.isEmpty()) {
                message += ": " + detail;
            }
        }
        return new ProviderException(provider, kind, status, message, failure);
    }

    /** The error message in a provider's error body: OpenAI's and Anthropic's {@code error.message}, Ollama's {@code error}. */
    private static String providerMessage(String body) {
        JsonNode error;
        try {
            error = JSON.readTree(body == null ? "" : body);
        } catch (JacksonException notJson) {
            return "";
        }
        if (error == null) {
            return "";
        }
        JsonNode text = error.path("error").isTextual() ? error.path("error") : error.path("error").path("message");
        return text.isTextual() ? clean(text.asText()) : "";
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : clean(failure.getMessage());
    }

    private static String clean(String text) {
        String line = SECRET.matcher(text.replaceAll("\\s+", " ").strip()).replaceAll("****");
        return line.length() <= DETAIL_LIMIT ? line : line.substring(0, DETAIL_LIMIT) + "…";
    }

    private static boolean has(List<Throwable> chain, Class<? extends Throwable> type) {
        return chain.stream().anyMatch(type::isInstance);
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }
}
