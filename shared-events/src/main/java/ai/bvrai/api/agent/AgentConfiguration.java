package ai.bvrai.api.agent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * Everything that makes a voice agent behave the way it does. A published version freezes one of these.
 *
 * @param name                   unique within the organization
 * @param systemPrompt           a {@link PromptTemplate}: {@code {{variable}}} placeholders are filled per call
 * @param firstMessage           what the agent says when the call connects (a template too); empty to let the caller speak first
 * @param language               BCP 47 tag, e.g. {@code en-US}
 * @param variables              default values for the template variables
 * @param maxCallDurationSeconds the call is ended when it lasts this long
 * @param silenceTimeoutSeconds  the call is ended after this much silence from the caller
 * @param endOfTurnSilenceMs     silence after caller speech that ends the caller's turn; null: the voice runtime's
 *                               default (agents created before this setting existed)
 * @param endCallPhrases         caller phrases that end the call
 * @param knowledge              optional FAQ/knowledge text the agent answers from
 * @param tools                  the organization's HTTP tools the language model may call (null: none; agents
 *                               created before tools existed)
 * @param transferNumbers        E.164 numbers the {@code transfer_call} tool may transfer to (null or empty: the
 *                               tool is not offered)
 */
public record AgentConfiguration(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 20_000) String systemPrompt,
        @NotNull @Size(max = 2_000) String firstMessage,
        @NotBlank @Pattern(regexp = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP 47 language tag such as en-US") String language,
        @NotNull @Valid VoiceSettings voice,
        @NotNull @Valid SttSettings stt,
        @NotNull @Valid LlmSettings llm,
        @NotNull @Min(10) @Max(14_400) Integer maxCallDurationSeconds,
        @NotNull @Min(1) @Max(3_600) Integer silenceTimeoutSeconds,
        @Min(200) @Max(5_000) Integer endOfTurnSilenceMs,
        @NotNull @Size(max = 20) List<@NotBlank @Size(max = 100) String> endCallPhrases,
        @NotNull @Size(max = 100_000) String knowledge,
        @NotNull @Size(max = 50) Map<@Pattern(regexp = PromptTemplate.VARIABLE_NAME) String, @NotNull @Size(max = 1_000) String> variables,
        @Size(max = 20) List<@NotNull @Valid AgentTool> tools,
        @Size(max = 10) List<@NotNull @Pattern(regexp = E164, message = "must be an E.164 number such as +14155550100") String> transferNumbers) {

    public static final String E164 = "\\+[1-9][0-9]{6,14}";

    public AgentConfiguration {
        endCallPhrases = endCallPhrases == null ? null : List.copyOf(endCallPhrases);
        variables = variables == null ? null : Map.copyOf(variables);
        tools = tools == null ? List.of() : List.copyOf(tools);
        transferNumbers = transferNumbers == null ? List.of() : List.copyOf(transferNumbers);
    }

    /** A configuration without tools and transfer numbers. */
    public AgentConfiguration(String name, String systemPrompt, String firstMessage, String language, VoiceSettings voice,
                              SttSettings stt, LlmSettings llm, Integer maxCallDurationSeconds,
                              Integer silenceTimeoutSeconds, Integer endOfTurnSilenceMs, List<String> endCallPhrases,
                              String knowledge, Map<String, String> variables) {
        this(name, systemPrompt, firstMessage, language, voice, stt, llm, maxCallDurationSeconds, silenceTimeoutSeconds,
                endOfTurnSilenceMs, endCallPhrases, knowledge, variables, List.of(), List.of());
    }

    /** This configuration with every field the patch sets replaced. */
    public AgentConfiguration apply(AgentConfigurationPatch patch) {
        return new AgentConfiguration(
                or(patch.name(), name),
                or(patch.systemPrompt(), systemPrompt),
                or(patch.firstMessage(), firstMessage),
                or(patch.language(), language),
                or(patch.voice(), voice),
                or(patch.stt(), stt),
                or(patch.llm(), llm),
                or(patch.maxCallDurationSeconds(), maxCallDurationSeconds),
                or(patch.silenceTimeoutSeconds(), silenceTimeoutSeconds),
                or(patch.endOfTurnSilenceMs(), endOfTurnSilenceMs),
                or(patch.endCallPhrases(), endCallPhrases),
                or(patch.knowledge(), knowledge),
                or(patch.variables(), variables),
                or(patch.tools(), tools),
                or(patch.transferNumbers(), transferNumbers));
    }

    private static <T> T or(T patched, T current) {
        return patched != null ? patched : current;
    }
}
