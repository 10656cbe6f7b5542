package ai.bvrai.voice.provider;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.session.CallEvents;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * A cloud language model for one call: the agent's options (model, temperature, max tokens, tools) on every prompt,
 * a time limit for the first streamed answer, one retry of a transient failure (not a timeout, see
 * {@link ProviderResilience#worthRetrying}) while nothing has streamed yet (the request is idempotent until then), the provider's circuit breaker for this organization, and every failure
 * classified ({@link ProviderException}) and recorded on the call. The stream then fails: the session says its
 * fallback sentence for that turn.
 */
final class ResilientChatModel implements ChatModel {

    /** What serves a turn the language model could not answer. */
    static final String FALLBACK = "fallback-message";

    private final String provider;
    private final Function<Prompt, Flux<ChatResponse>> model;
    private final ChatOptions options;
    private final CircuitBreaker breaker;
    private final int attempts;
    private final Duration retryWait;
    private final Duration firstAnswerTimeout;
    private final BiFunction<String, Throwable, ProviderException> classify;
    private final CallEvents events;

    /** @param model streams one prompt's answer; a stream without the provider's end marker must fail */
    ResilientChatModel(String provider, Function<Prompt, Flux<ChatResponse>> model, ChatOptions options, CircuitBreaker breaker, int attempts,
                       Duration retryWait, Duration firstAnswerTimeout,
                       BiFunction<String, Throwable, ProviderException> classify, CallEvents events) {
        this.provider = provider;
        this.model = model;
        this.options = options;
        this.breaker = breaker;
        this.attempts = attempts;
        this.retryWait = retryWait;
        this.firstAnswerTimeout = firstAnswerTimeout;
        this.classify = classify;
        this.events = events;
    }

    private ProviderException classified(Throwable failure) {
        if (failure instanceof ProviderException known) {
            return known;
        }
        if (failure instanceof TimeoutException) {
            return new ProviderException(provider, ProviderException.Kind.TIMEOUT, null,
                    "no answer within " + firstAnswerTimeout.toMillis() + " ms", failure);
        }
        return classify.apply(provider, failure);
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        return stream(prompt).reduce((first, last) -> last).block();
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return options;
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        Prompt configured = new Prompt(prompt.getInstructions(), options.copy());
        long started = System.nanoTime();
        AtomicBoolean streamed = new AtomicBoolean();
        Flux<ChatResponse> attempt = Flux.defer(() -> {
            if (!breaker.tryAcquirePermission()) {
                return Flux.error(new CircuitOpenException(provider));
            }
            long attemptStarted = System.nanoTime();
            return model.apply(configured)
                    .timeout(Mono.delay(firstAnswerTimeout), next -> Mono.never())
                    .doOnNext(response -> streamed.set(true))
                    .onErrorMap(this::classified)
                    .doOnError(failure -> breaker.onError(System.nanoTime() - attemptStarted, TimeUnit.NANOSECONDS, failure))
                    .doOnComplete(() -> breaker.onSuccess(System.nanoTime() - attemptStarted, TimeUnit.NANOSECONDS))
                    .doOnCancel(breaker::releasePermission);
        });
        return attempt
                .retryWhen(Retry.fixedDelay(attempts - 1L, retryWait)
                        .filter(failure -> !streamed.get() && ProviderResilience.worthRetrying(failure))
                        .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
                .doOnError(failure -> events.providerFailed(PipelineStage.LLM, provider, Failures.errorClass(failure),
                        Failures.message(failure), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), FALLBACK));
    }
}
