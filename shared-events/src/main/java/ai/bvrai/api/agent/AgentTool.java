package ai.bvrai.api.agent;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * An HTTP tool the organization defines for an agent's language model: when the model calls it, the platform POSTs
 * the arguments to {@code url} with an HMAC signature and gives the JSON answer back to the model.
 *
 * @param name        what the model calls it; letters, digits, {@code _} and {@code -}; not a built-in name
 * @param description tells the model when to use it
 * @param parameters  a JSON Schema of type {@code object} describing the arguments
 * @param url         {@code http(s)} endpoint the platform calls
 * @param timeoutMs   how long a call may take before the model is told it failed
 */
public record AgentTool(
        @NotBlank @Pattern(regexp = NAME, message = "must be a letter followed by letters, digits, _ or - (at most 64)") String name,
        @NotBlank @Size(max = 1_000) String description,
        @NotNull @Size(max = 100) Map<String, Object> parameters,
        @NotBlank @Size(max = 2_000) @Pattern(regexp = "https?://\\S+", message = "must be an http or https URL") String url,
        @NotNull @Min(100) @Max(30_000) Integer timeoutMs) {

    public static final String NAME = "[A-Za-z][A-Za-z0-9_-]{0,63}";
    /** The names of the tools every language-model agent has. */
    public static final String END_CALL = "end_call";
    public static final String TRANSFER_CALL = "transfer_call";

    public AgentTool {
        parameters = parameters == null ? null : Map.copyOf(parameters);
    }
}
