package ai.bvrai.voice.provider;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.voice.engine.RecognitionSession;
import ai.bvrai.voice.engine.SpeechRecognizer;
import ai.bvrai.voice.session.CallEvents;

/**
 * A cloud recognizer with its circuit breaker, a retry of the connection (opening a stream is idempotent), and the
 * offline recognizer for the rest of the call once the provider fails: a streaming session that broke is not resumed
 * (the audio it had not transcribed is gone; the caller's current utterance may lose its start).
 */
final class ResilientRecognizer implements SpeechRecognizer {

    private static final Logger log = LoggerFactory.getLogger(ResilientRecognizer.class);

    private final SpeechRecognizer primary;
    private final SpeechRecognizer fallback;
    private final SttSettings fallbackSettings;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final CallEvents events;

    ResilientRecognizer(SpeechRecognizer primary, SpeechRecognizer fallback, SttSettings fallbackSettings,
                        CircuitBreaker breaker, Retry retry, CallEvents events) {
        this.primary = primary;
        this.fallback = fallback;
        this.fallbackSettings = fallbackSettings;
        this.breaker = breaker;
        this.retry = retry;
        this.events = events;
    }

    @Override
    public String provider() {
        return primary.provider();
    }

    @Override
    public RecognitionSession open(SttSettings settings, String language) {
        if (!breaker.tryAcquirePermission()) {
            events.providerFailed(PipelineStage.STT, primary.provider(), ProviderResilience.CIRCUIT_OPEN,
                    new CircuitOpenException(primary.provider()).getMessage(), 0, fallback.provider());
            return fallback.open(fallbackSettings, language);
        }
        long started = System.nanoTime();
        try {
            Supplier<RecognitionSession> opening = Retry.decorateSupplier(retry, () -> primary.open(settings, language));
            RecognitionSession session = opening.get();
            return new Failover(session, language);
        } catch (RuntimeException failure) {
            long elapsed = System.nanoTime() - started;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
            events.providerFailed(PipelineStage.STT, primary.provider(), Failures.errorClass(failure),
                    Failures.message(failure), TimeUnit.NANOSECONDS.toMillis(elapsed), fallback.provider());
            return fallback.open(fallbackSettings, language);
        }
    }

    /** The provider's session until it fails, then the offline one. One thread feeds it, like any session. */
    private final class Failover implements RecognitionSession {

        private final String language;
        private final long openedNanos = System.nanoTime();
        private RecognitionSession current;
        private boolean failedOver;

        Failover(RecognitionSession primarySession, String language) {
            this.current = primarySession;
            this.language = language;
        }

        @Override
        public String accept(byte[] pcm16, int offset, int length) {
            try {
                return current.accept(pcm16, offset, length);
            } catch (RuntimeException failure) {
                failOver(failure);
                return current.accept(pcm16, offset, length);
            }
        }

        @Override
        public String finishUtterance() {
            try {
                return current.finishUtterance();
            } catch (RuntimeException failure) {
                failOver(failure);
                return current.finishUtterance();
            }
        }

        private void failOver(RuntimeException failure) {
            if (failedOver) {
                throw failure;                                      // the offline engine failed: the session decides
            }
            failedOver = true;
            long elapsed = System.nanoTime() - openedNanos;
            breaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
            events.providerFailed(PipelineStage.STT, primary.provider(), Failures.errorClass(failure),
                    Failures.message(failure), 0, fallback.provider());
            try {
                current.close();
            } catch (RuntimeException e) {
                log.debug("closing the failed recognition session", e);
            }
            current = fallback.open(fallbackSettings, language);
        }

        @Override
        public void close() {
            if (!failedOver) {
                breaker.onSuccess(System.nanoTime() - openedNanos, TimeUnit.NANOSECONDS);
            }
            current.close();
        }
    }
}
