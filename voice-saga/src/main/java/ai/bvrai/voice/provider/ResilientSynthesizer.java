package ai.bvrai.voice.provider;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.SpeechSynthesizer;
import ai.bvrai.voice.session.CallEvents;

/**
 * A cloud synthesizer with its circuit breaker, a retry while nothing of the sentence was heard yet (the request is
 * idempotent until audio was handed on), and the offline synthesizer for a sentence the provider could not speak.
 * A sentence that failed half-way is not repeated by the fallback: its start has been played already.
 */
final class ResilientSynthesizer implements SpeechSynthesizer {

    private final SpeechSynthesizer primary;
    private final SpeechSynthesizer fallback;
    private final VoiceSettings fallbackVoice;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final CallEvents events;

    ResilientSynthesizer(SpeechSynthesizer primary, SpeechSynthesizer fallback, VoiceSettings fallbackVoice,
                         CircuitBreaker breaker, Retry retry, CallEvents events) {
        this.primary = primary;
        this.fallback = fallback;
        this.fallbackVoice = fallbackVoice;
        this.breaker = breaker;
        this.retry = retry;
        this.events = events;
    }

    @Override
    public String provider() {
        return primary.provider();
    }

    @Override
    public void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel) {
        long started = System.nanoTime();
        AtomicBoolean heard = new AtomicBoolean();
        AudioSink tracking = (pcm, offset, length) -> {
            heard.set(true);
            sink.accept(pcm, offset, length);
        };
        if (!breaker.tryAcquirePermission()) {
            events.providerFailed(PipelineStage.TTS, primary.provider(), ProviderResilience.CIRCUIT_OPEN,
                    new CircuitOpenException(primary.provider()).getMessage(), 0, fallback.provider());
            fallback.synthesize(text, fallbackVoice, sink, cancel);
            return;
        }
        try {
            Retry.decorateCheckedRunnable(retry, () -> {
                try {
                    primary.synthesize(text, voice, tracking, cancel);
                } catch (RuntimeException e) {
                    throw heard.get() ? new HalfSpoken(e) : e;      // not retried: its start was heard
                }
            }).run();
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        } catch (Throwable thrown) {
            Throwable failure = thrown instanceof HalfSpoken half ? half.getCause() : thrown;
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, failure);
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (heard.get()) {
                events.providerFailed(PipelineStage.TTS, primary.provider(), Failures.errorClass(failure),
                        Failures.message(failure), latencyMs, "none (the sentence was cut)");
                return;
            }
            events.providerFailed(PipelineStage.TTS, primary.provider(), Failures.errorClass(failure),
                    Failures.message(failure), latencyMs, fallback.provider());
            fallback.synthesize(text, fallbackVoice, sink, cancel);
        }
    }

    private static final class HalfSpoken extends RuntimeException {
        HalfSpoken(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
