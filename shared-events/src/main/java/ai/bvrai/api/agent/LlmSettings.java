package ai.bvrai.api.agent;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Which responder writes the agent's replies: the offline responder or a language model.
 *
 * @param contextTokens the conversation budget sent to the model, system prompt included: the oldest turns are
 *                      left out first (null: the runtime's default)
 */
public record LlmSettings(
        @NotBlank @Pattern(regexp = "offline|openai|anthropic|ollama", message = "must be one of offline, openai, anthropic, ollama") String provider,
        @NotBlank @Size(max = 100) String model,
        @NotNull @DecimalMin("0.0") @DecimalMax("2.0") Double temperature,
        @NotNull @Min(1) @Max(8192) Integer maxTokens,
        @Min(256) @Max(1_000_000) Integer contextTokens) {

    public LlmSettings(String provider, String model, Double temperature, Integer maxTokens) {
        this(provider, model, temperature, maxTokens, null);
    }
}
