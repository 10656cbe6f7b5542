package ai.bvrai.voice.provider;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

import ai.bvrai.voice.engine.ProviderException;

/**
 * The node's circuit breakers, one per provider <em>and organization</em> (one organization's revoked key or quota
 * must not cut off another's calls), and the retry policy for idempotent provider requests. A breaker opens when at
 * least half of the last {@code window} requests (and at least {@code minimumCalls}) failed, stays open for
 * {@code openFor} — calls go straight to the fallback, without waiting for a provider that is down — then lets one
 * request through to probe. Retries: see {@link #worthRetrying}.
 */
public final class ProviderResilience {

    /** Recorded as the error class when a request was not even tried because its breaker is open. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";

    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final int attempts;
    private final Duration retryWait;

    public ProviderResilience(int window, int minimumCalls, Duration openFor, int attempts, Duration retryWait) {
        this.attempts = attempts;
        this.retryWait = retryWait;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
        this.retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(attempts)
                .waitDuration(retryWait)
                .retryOnException(ProviderResilience::worthRetrying)
                .build());
    }

    /**
     * Whether a failed request is tried again: a transient failure (rate limit, server error, broken connection) —
     * but not a timeout, which already spent the stage's time budget: a second wait would double the caller's
     * silence before the fallback speaks (a first-audio timeout of 5 s would become 10 s).
     */
    public static boolean worthRetrying(Throwable failure) {
        return failure instanceof ProviderException p && p.kind().isTransient() && p.kind() != ProviderException.Kind.TIMEOUT
                && !(failure instanceof CircuitOpenException);
    }

    /** The defaults: window 10, at least 4 calls, open for 30 s, 2 attempts 100 ms apart. */
    public static ProviderResilience defaults() {
        return new ProviderResilience(10, 4, Duration.ofSeconds(30), 2, Duration.ofMillis(100));
    }

    public CircuitBreaker breaker(String provider, String organizationId) {
        return breakers.circuitBreaker(provider + ":" + organizationId);
    }

    /** The retry of one provider and organization; its predicate retries transient {@link ProviderException}s. */
    public Retry retry(String provider, String organizationId) {
        return retries.retry(provider + ":" + organizationId);
    }

    /** The number of attempts a retry makes at most. */
    public int attempts() {
        return attempts;
    }

    /** The pause between attempts. */
    public Duration retryWait() {
        return retryWait;
    }
}
