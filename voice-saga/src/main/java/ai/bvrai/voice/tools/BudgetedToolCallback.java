package ai.bvrai.voice.tools;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import ai.bvrai.voice.session.CallEvents;

/**
 * Bounds how many tool calls one call's model may make. Spring AI keeps running tools as long as a model asks for
 * them; a model stuck in a loop would otherwise call an organization's endpoint without end. Past the budget the
 * model is told to answer without tools, and the refusal is recorded like any invocation.
 */
final class BudgetedToolCallback implements ToolCallback {

    private final ToolCallback tool;
    private final AtomicInteger used;
    private final int budget;
    private final CallEvents events;

    BudgetedToolCallback(ToolCallback tool, AtomicInteger used, int budget, CallEvents events) {
        this.tool = tool;
        this.used = used;
        this.budget = budget;
        this.events = events;
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return tool.getToolDefinition();
    }

    @Override
    public String call(String toolInput) {
        if (used.incrementAndGet() > budget) {
            String error = "this call already used its " + budget + " tool calls; answer without tools";
            events.toolInvoked(tool.getToolDefinition().name(), toolInput == null ? "{}" : toolInput, null, error, 0);
            return "{\"error\":\"" + error + "\"}";
        }
        return tool.call(toolInput);
    }
}
