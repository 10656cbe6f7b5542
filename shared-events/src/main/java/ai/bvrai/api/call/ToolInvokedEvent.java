package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The agent's language model called a tool; see {@link RecordToolInvocationCommand} for the fields. */
@Revision("1")
public record ToolInvokedEvent(String callId, String toolName, String arguments, String result, String error,
                               long durationMs) {
}
