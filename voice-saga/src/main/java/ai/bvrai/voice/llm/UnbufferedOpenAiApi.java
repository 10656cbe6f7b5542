package ai.bvrai.voice.llm;

import java.util.List;

import org.springframework.ai.model.SimpleApiKey;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.openai.api.common.OpenAiApiConstants;
import org.springframework.ai.retry.RetryUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

/**
 * OpenAI's API, with every streamed chunk followed at once by an empty one. Spring AI 1.1.2's
 * {@code OpenAiChatModel} passes the chunks through {@code buffer(2, 1)} (to move the usage of the last chunk onto the
 * one before it) whether or not usage was asked for, so each delta leaves only when the <em>next</em> one has arrived:
 * every reply's first sentence waited one token interval (≈ 20 ms measured, see docs/benchmarks.md "providers").
 * The empty chunk (no choices, no usage) releases the real one immediately; it becomes a response without
 * generations, which the voice session reads as no text and tool handling and the end-marker check ignore.
 */
final class UnbufferedOpenAiApi extends OpenAiApi {

    /** @param baseUrl the API's origin, null for OpenAI's own */
    UnbufferedOpenAiApi(String baseUrl, String apiKey, RestClient.Builder rest, WebClient.Builder web) {
        super(baseUrl != null ? baseUrl : OpenAiApiConstants.DEFAULT_BASE_URL, new SimpleApiKey(apiKey),
                new LinkedMultiValueMap<>(), "/v1/chat/completions", "/v1/embeddings", rest, web,
                RetryUtils.DEFAULT_RESPONSE_ERROR_HANDLER);
    }

    @Override
    public Flux<ChatCompletionChunk> chatCompletionStream(ChatCompletionRequest request,
                                                          MultiValueMap<String, String> additionalHttpHeader) {
        return super.chatCompletionStream(request, additionalHttpHeader)
                .concatMapIterable(chunk -> List.of(chunk, release(chunk)));
    }

    private static ChatCompletionChunk release(ChatCompletionChunk chunk) {
        return new ChatCompletionChunk(chunk.id(), List.of(), chunk.created(), chunk.model(), null, null,
                chunk.object(), null);
    }
}
