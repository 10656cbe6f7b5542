package ai.bvrai.voice.llm;

import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.voice.engine.ProviderException;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.anthropic.api.AnthropicApi;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolExecutionEligibilityPredicate;
import org.springframework.ai.model.tool.ToolExecutionEligibilityPredicate;
import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.retry.policy.NeverRetryPolicy;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Spring AI chat models of the cloud providers ({@code openai}, {@code anthropic}, {@code ollama}), built per
 * organization endpoint at run time — there is no Spring AI auto-configuration — and cached per (provider, endpoint).
 * Thread-safe.
 * <p>
 * Every model is built so that the voice runtime's resilience layer alone decides about retries: Spring AI's own
 * retry is off. All models share one JDK {@link HttpClient} — the client Spring picks anyway when Reactor Netty is
 * absent; HTTP/1.1, so that plain-HTTP Ollama and proxies see no h2c upgrade; a connect timeout — and a read timeout that bounds both the wait for the response head and every
 * silence inside a streamed body, so a stream can neither hang forever nor stall unnoticed. HTTP errors of all three
 * providers surface as {@code WebClientResponseException}s (Anthropic's client would otherwise throw a bare
 * {@code RuntimeException} without the status) for {@link LlmFailures#classify(String, Throwable)}.
 * <p>
 * The JDK client completes response heads on the common {@code ForkJoinPool}: code that blocks that pool delays
 * every model's first token.
 */
public final class LanguageModels implements AutoCloseable {

    public static final String OPENAI = "openai";
    public static final String ANTHROPIC = "anthropic";
    public static final String OLLAMA = "ollama";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

    private static final RetryTemplate NO_RETRY = noRetry();
    private static final Consumer<HttpHeaders> NO_HEADERS = headers -> { };

    private final HttpClient httpClient;
    private final Duration readTimeout;
    private final Map<Key, ChatModel> models = new ConcurrentHashMap<>();

    private record Key(String provider, ModelEndpoint endpoint) {
    }

    public LanguageModels() {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /**
     * @param connectTimeout how long to wait for a connection
     * @param readTimeout    how long to wait for the response head, and for the next bytes of a streamed body
     */
    public LanguageModels(Duration connectTimeout, Duration readTimeout) {
        this.httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        this.readTimeout = readTimeout;
    }

    /**
     * The chat model of a provider at an organization's endpoint: an {@link OpenAiChatModel},
     * {@link AnthropicChatModel} or {@link OllamaChatModel}; the same instance for the same provider and endpoint.
     *
     * @throws IllegalArgumentException for an unknown provider, or OpenAI or Anthropic without a key
     */
    public ChatModel model(String provider, ModelEndpoint endpoint) {
        return models.computeIfAbsent(new Key(provider, endpoint), key -> build(key.provider(), key.endpoint()));
    }

    /**
     * The provider's chat options for an agent's settings: model, temperature, maximum output tokens and the tools,
     * which Spring AI executes itself (internal tool execution) before it streams the model's continuation.
     * OpenAI gets {@code max_completion_tokens}, which its current models require instead of {@code max_tokens};
     * Ollama gets {@code num_predict}.
     */
    public static ChatOptions options(String provider, LlmSettings settings, List<ToolCallback> tools) {
        if (!provider.equals(settings.provider())) {
            throw new IllegalArgumentException("settings are for '" + settings.provider() + "', not '" + provider + "'");
        }
        return switch (provider) {
            case OPENAI -> OpenAiChatOptions.builder().model(settings.model()).temperature(settings.temperature())
                    .maxCompletionTokens(settings.maxTokens()).toolCallbacks(tools).internalToolExecutionEnabled(true)
                    .build();
            case ANTHROPIC -> AnthropicChatOptions.builder().model(settings.model()).temperature(settings.temperature())
                    .maxTokens(settings.maxTokens()).toolCallbacks(tools).internalToolExecutionEnabled(true).build();
            case OLLAMA -> OllamaChatOptions.builder().model(settings.model()).temperature(settings.temperature())
                    .numPredict(settings.maxTokens()).toolCallbacks(tools).internalToolExecutionEnabled(true).build();
            default -> throw unknown(provider);
        };
    }

    /**
     * {@code model.stream(prompt)}, with every failure {@linkplain LlmFailures#classify classified} and a stream
     * that ends without the provider's end marker failing as {@link ProviderException.Kind#PROTOCOL} instead of
     * completing: Spring AI completes such a truncated stream normally, as if the answer were whole.
     * <p>
     * The rule, per provider, over the responses the model emits (Spring AI swallows the response that asks for
     * tools and emits the continuation instead, so a tool round never counts as an end):
     * <ul>
     *   <li>OpenAI: some response carries a {@code finish_reason} (the {@code [DONE]} line after it is consumed
     *       inside Spring AI and carries no content);</li>
     *   <li>Anthropic: some response carries a {@code stop_reason}, and every {@code message_start} has its
     *       {@code message_stop};</li>
     *   <li>Ollama: some response is {@code "done": true}.</li>
     * </ul>
     */
    public static Flux<ChatResponse> guardedStream(String provider, ChatModel model, Prompt prompt) {
        return Flux.defer(() -> {
            EndMarker end = new EndMarker(provider);
            return model.stream(prompt).doOnNext(end::observe).concatWith(Mono.defer(() -> end.seen() ? Mono.empty()
                    : Mono.error(new ProviderException(provider, ProviderException.Kind.PROTOCOL, null,
                    "the stream ended before the answer was complete (no end marker)"))));
        }).onErrorMap(failure -> LlmFailures.classify(provider, failure));
    }

    /** Stops the shared HTTP client once its exchanges are over. */
    @Override
    public void close() {
        httpClient.close();
    }

    private ChatModel build(String provider, ModelEndpoint endpoint) {
        String baseUrl = endpoint.baseUrl() == null ? null : StringUtils.trimTrailingCharacter(endpoint.baseUrl().toString(), '/');
        return switch (provider) {
            case OPENAI -> {
                OpenAiApi api = new UnbufferedOpenAiApi(baseUrl, requireKey(provider, endpoint), restClient(NO_HEADERS),
                        webClient(NO_HEADERS));
                yield OpenAiChatModel.builder().openAiApi(api).retryTemplate(NO_RETRY)
                        .toolExecutionEligibilityPredicate(onlyFinished(LanguageModels::hasFinishReason)).build();
            }
            case ANTHROPIC -> {
                AnthropicApi.Builder api = AnthropicApi.builder().apiKey(requireKey(provider, endpoint))
                        .webClientBuilder(webClient(NO_HEADERS)).restClientBuilder(restClient(NO_HEADERS));
                if (baseUrl != null) {
                    api.baseUrl(baseUrl);
                }
                yield AnthropicChatModel.builder().anthropicApi(api.build()).retryTemplate(NO_RETRY).build();
            }
            case OLLAMA -> {
                Consumer<HttpHeaders> auth = headers -> {
                    if (StringUtils.hasText(endpoint.apiKey())) {
                        headers.setBearerAuth(endpoint.apiKey());
                    }
                };
                OllamaApi.Builder api = OllamaApi.builder().webClientBuilder(webClient(auth)).restClientBuilder(restClient(auth));
                if (baseUrl != null) {
                    api.baseUrl(baseUrl);
                }
                yield OllamaChatModel.builder().ollamaApi(api.build()).retryTemplate(NO_RETRY)
                        .toolExecutionEligibilityPredicate(onlyFinished(LanguageModels::isDone)).build();
            }
            default -> throw unknown(provider);
        };
    }

    private WebClient.Builder webClient(Consumer<HttpHeaders> headers) {
        JdkClientHttpConnector connector = new JdkClientHttpConnector(httpClient);
        connector.setReadTimeout(readTimeout);
        return WebClient.builder().clientConnector(connector).defaultHeaders(headers)
                .defaultStatusHandler(HttpStatusCode::isError, ClientResponse::createException)
                .filter((request, next) -> next.exchange(request)
                        .map(response -> response.mutate().body(body -> body.timeout(readTimeout)).build()));
    }

    private RestClient.Builder restClient(Consumer<HttpHeaders> headers) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(readTimeout);
        return RestClient.builder().requestFactory(requestFactory).defaultHeaders(headers);
    }

    /**
     * Spring AI's OpenAI and Ollama models execute the tool calls of a stream cut before its finish reason or
     * {@code done} (arguments possibly incomplete, later calls missing) and then ask the model to go on; this runs
     * them only from a finished response. Anthropic's model already waits for {@code stop_reason: tool_use}.
     */
    private static ToolExecutionEligibilityPredicate onlyFinished(Predicate<ChatResponse> finished) {
        DefaultToolExecutionEligibilityPredicate eligible = new DefaultToolExecutionEligibilityPredicate();
        return (options, response) -> eligible.test(options, response) && finished.test(response);
    }

    private static boolean hasFinishReason(ChatResponse response) {
        return response.getResults().stream().anyMatch(generation -> StringUtils.hasText(generation.getMetadata().getFinishReason()));
    }

    private static boolean isDone(ChatResponse response) {
        return Boolean.TRUE.equals(response.getMetadata().get("done"));
    }

    private static RetryTemplate noRetry() {
        RetryTemplate template = new RetryTemplate();
        template.setRetryPolicy(new NeverRetryPolicy());
        return template;
    }

    private static String requireKey(String provider, ModelEndpoint endpoint) {
        if (!StringUtils.hasText(endpoint.apiKey())) {
            throw new IllegalArgumentException(provider + " needs an API key");
        }
        return endpoint.apiKey();
    }

    private static IllegalArgumentException unknown(String provider) {
        return new IllegalArgumentException("unknown language model provider '" + provider + "'; one of "
                + String.join(", ", OPENAI, ANTHROPIC, OLLAMA));
    }

    /** Whether a stream reached its provider's end marker (see {@link #guardedStream}); one per subscription. */
    private static final class EndMarker {

        private final String provider;
        private boolean ended;
        private int openMessages;

        EndMarker(String provider) {
            this.provider = provider;
        }

        void observe(ChatResponse response) {
            switch (provider) {
                case OLLAMA -> ended |= isDone(response);
                case ANTHROPIC -> {
                    ended |= hasFinishReason(response);
                    Object type = response.getMetadata().get("type");
                    if ("MESSAGE_START".equals(type)) {
                        openMessages++;
                    } else if ("MESSAGE_STOP".equals(type)) {
                        openMessages--;
                    }
                }
                default -> ended |= hasFinishReason(response);
            }
        }

        boolean seen() {
            return ended && openMessages == 0;
        }
    }
}
