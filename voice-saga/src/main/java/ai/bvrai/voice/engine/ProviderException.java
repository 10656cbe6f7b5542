package ai.bvrai.voice.engine;

import java.util.Optional;

/**
 * A cloud provider (language model, speech recognition or synthesis) failed, classified so that the voice runtime
 * can decide: retry (only where the request is idempotent and nothing was consumed yet), count it against the
 * provider's circuit breaker, fall back, and record the error on the call. Messages never hold credentials.
 */
public class ProviderException extends SpeechEngineException {

    /** What went wrong, as the caller of a provider has to treat it. */
    public enum Kind {
        /** the key was refused (401/403): retrying cannot help */
        AUTHENTICATION(false),
        /** the provider throttles (429) */
        RATE_LIMITED(true),
        /** the provider failed (5xx) */
        SERVER_ERROR(true),
        /** no connection could be made, or it broke */
        CONNECTION(true),
        /** no answer within the stage's time limit */
        TIMEOUT(true),
        /** the answer broke the provider's protocol: malformed or truncated stream */
        PROTOCOL(false),
        /** the request was refused as invalid (other 4xx): retrying cannot help */
        REJECTED(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        /** Whether the same request may succeed when sent again. */
        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final String provider;
    private final Kind kind;
    private final Integer httpStatus;

    public ProviderException(String provider, Kind kind, Integer httpStatus, String message, Throwable cause) {
        super(provider + ": " + message, cause);
        this.provider = provider;
        this.kind = kind;
        this.httpStatus = httpStatus;
    }

    public ProviderException(String provider, Kind kind, Integer httpStatus, String message) {
        this(provider, kind, httpStatus, message, null);
    }

    /** The classification of an HTTP status that is not a success. */
    public static Kind kindOfStatus(int status) {
        if (status == 401 || status == 403) {
            return Kind.AUTHENTICATION;
        }
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status == 408) {
            return Kind.TIMEOUT;
        }
        return status >= 500 ? Kind.SERVER_ERROR : Kind.REJECTED;
    }

    public String provider() {
        return provider;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Integer> httpStatus() {
        return Optional.ofNullable(httpStatus);
    }
}
