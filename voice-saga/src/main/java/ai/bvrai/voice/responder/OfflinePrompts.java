package ai.bvrai.voice.responder;

import ai.bvrai.api.agent.AgentConfiguration;

/**
 * How the runtime hands an agent's knowledge to a responder: the system message is the rendered system prompt,
 * then a line {@value #KNOWLEDGE_MARKER} and the knowledge text. The same system message suits a real language model
 * (the knowledge reads as context); the offline responder answers only from the part after the marker.
 */
public final class OfflinePrompts {

    /** The line that starts the knowledge section; the last such line counts. */
    public static final String KNOWLEDGE_MARKER = "KNOWLEDGE:";

    private OfflinePrompts() {
    }

    /** The system message for a call: {@code renderedSystemPrompt} plus the agent's knowledge, when it has any. */
    public static String system(AgentConfiguration agent, String renderedSystemPrompt) {
        String prompt = renderedSystemPrompt == null ? "" : renderedSystemPrompt.strip();
        String knowledge = agent == null || agent.knowledge() == null ? "" : agent.knowledge().strip();
        if (knowledge.isEmpty()) {
            return prompt;
        }
        return prompt + "\n\n" + KNOWLEDGE_MARKER + "\n" + knowledge;
    }

    /** The knowledge section of a system message built by {@link #system} (empty when there is none). */
    public static String knowledge(String systemMessage) {
        if (systemMessage == null) {
            return "";
        }
        String text = "\n" + systemMessage;
        int at = text.lastIndexOf("\n" + KNOWLEDGE_MARKER + "\n");
        if (at < 0) {
            return "";
        }
        return text.substring(at + KNOWLEDGE_MARKER.length() + 2).strip();
    }
}
