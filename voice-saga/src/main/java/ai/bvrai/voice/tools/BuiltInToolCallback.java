package ai.bvrai.voice.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.DefaultToolDefinition;
import org.springframework.ai.tool.definition.ToolDefinition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.voice.session.CallEvents;

/**
 * The tools every language-model agent has: {@code end_call} ends the call after the reply being spoken, and —
 * when the agent lists transfer numbers — {@code transfer_call(number)} hands it to one of those numbers (any
 * other number is refused: a caller must not be able to talk the agent into dialling elsewhere). Both act through
 * the session once the current reply has been played, and both are recorded like any tool.
 */
final class BuiltInToolCallback implements ToolCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolDefinition definition;
    private final List<String> transferNumbers;
    private final CallEvents events;

    private BuiltInToolCallback(ToolDefinition definition, List<String> transferNumbers, CallEvents events) {
        this.definition = definition;
        this.transferNumbers = transferNumbers;
        this.events = events;
    }

    static ToolCallback endCall(CallEvents events) {
        return new BuiltInToolCallback(new DefaultToolDefinition(AgentTool.END_CALL,
                "End the call. Use it when the caller says goodbye or the conversation is complete. Say your goodbye "
                        + "in the same reply; the call ends after it has been spoken.",
                "{\"type\":\"object\",\"properties\":{\"reason\":{\"type\":\"string\",\"description\":\"why the call ends\"}}}"),
                List.of(), events);
    }

    static ToolCallback transferCall(List<String> numbers, CallEvents events) {
        return new BuiltInToolCallback(new DefaultToolDefinition(AgentTool.TRANSFER_CALL,
                "Transfer the caller to a person. Use it when the caller asks for a human or you cannot help. Tell the "
                        + "caller you are transferring them in the same reply. Allowed numbers: " + String.join(", ", numbers),
                "{\"type\":\"object\",\"properties\":{\"number\":{\"type\":\"string\",\"enum\":" + json(numbers)
                        + ",\"description\":\"the E.164 number to transfer to\"}},\"required\":[\"number\"]}"),
                numbers, events);
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return definition;
    }

    @Override
    public String call(String toolInput) {
        long started = System.nanoTime();
        String arguments = toolInput == null || toolInput.isBlank() ? "{}" : toolInput;
        String result;
        String error = null;
        if (definition.name().equals(AgentTool.END_CALL)) {
            events.endRequested();
            result = json(Map.of("status", "the call ends after your reply has been spoken"));
        } else {
            String number = argument(arguments, "number");
            if (number != null && transferNumbers.contains(number.strip())) {
                events.transferRequested(number.strip());
                result = json(Map.of("status", "the caller is transferred to " + number.strip()
                        + " after your reply has been spoken"));
            } else {
                error = "transfers are allowed only to " + String.join(", ", transferNumbers);
                result = json(Map.of("error", error));
            }
        }
        events.toolInvoked(definition.name(), arguments, error == null ? result : null, error,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return result;
    }

    private static String argument(String arguments, String name) {
        try {
            JsonNode value = JSON.readTree(arguments).path(name);
            return value.isTextual() ? value.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
