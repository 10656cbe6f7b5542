package ai.bvrai.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * A partial change of an {@link AgentConfiguration}: a null field stays as it is, a present one must be valid
 * on its own (nested settings are replaced whole), so the merged configuration is always valid.
 */
public record AgentConfigurationPatch(
        @Size(max = 100) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String name,
        @Size(max = 20_000) @Pattern(regexp = NOT_BLANK, message = "must not be blank") String systemPrompt,
        @Size(max = 2_000) String firstMessage,
        @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP 47 language tag such as en-US") String language,
        @Valid VoiceSettings voice,
        @Valid SttSettings stt,
        @Valid LlmSettings llm,
        @Min(10) @Max(14_400) Integer maxCallDurationSeconds,
        @Min(1) @Max(3_600) Integer silenceTimeoutSeconds,
        @Min(200) @Max(5_000) Integer endOfTurnSilenceMs,
        @Size(max = 20) List<@Pattern(regexp = NOT_BLANK, message = "must not be blank") @Size(max = 100) String> endCallPhrases,
        @Size(max = 100_000) String knowledge,
        @Size(max = 50) Map<@Pattern(regexp = PromptTemplate.VARIABLE_NAME) String, @Size(max = 1_000) String> variables,
        @Size(max = 20) List<@jakarta.validation.constraints.NotNull @Valid AgentTool> tools,
        @Size(max = 10) List<@jakarta.validation.constraints.NotNull @Pattern(regexp = AgentConfiguration.E164, message = "must be an E.164 number such as +14155550100") String> transferNumbers) {

    static final String NOT_BLANK = "(?s).*\\S.*";

    public AgentConfigurationPatch {
        endCallPhrases = endCallPhrases == null ? null : List.copyOf(endCallPhrases);
        variables = variables == null ? null : Map.copyOf(variables);
        tools = tools == null ? null : List.copyOf(tools);
        transferNumbers = transferNumbers == null ? null : List.copyOf(transferNumbers);
    }
}
