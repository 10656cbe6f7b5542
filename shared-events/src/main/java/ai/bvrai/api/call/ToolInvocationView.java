package ai.bvrai.api.call;

import java.time.Instant;

/** A tool call of the agent's language model, as the call detail shows it. */
public record ToolInvocationView(Instant at, String toolName, String arguments, String result, String error,
                                 long durationMs) {
}
