package ai.bvrai.command.agent;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;

import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/v1/agents}: only the name and the system prompt are required. */
record CreateAgentRequest(String name, String systemPrompt, String firstMessage, String language,
                          VoiceSettings voice, SttSettings stt, LlmSettings llm,
                          Integer maxCallDurationSeconds, Integer silenceTimeoutSeconds, Integer endOfTurnSilenceMs,
                          List<String> endCallPhrases, String knowledge, Map<String, String> variables,
                          List<AgentTool> tools, List<String> transferNumbers) {

    /** The offline engines, so a new agent can talk without any provider key. */
    static final VoiceSettings DEFAULT_VOICE = new VoiceSettings("freetts", "kevin16");
    static final SttSettings DEFAULT_STT = new SttSettings("vosk", "vosk-model-en-us");
    static final LlmSettings DEFAULT_LLM = new LlmSettings("offline", "faq-retrieval", 0.7, 256);

    AgentConfiguration toConfiguration() {
        return new AgentConfiguration(
                name,
                systemPrompt,
                firstMessage != null ? firstMessage : "Hello! How can I help you today?",
                language != null ? language : "en-US",
                voice != null ? voice : DEFAULT_VOICE,
                stt != null ? stt : DEFAULT_STT,
                llm != null ? llm : DEFAULT_LLM,
                maxCallDurationSeconds != null ? maxCallDurationSeconds : 600,
                silenceTimeoutSeconds != null ? silenceTimeoutSeconds : 30,
                endOfTurnSilenceMs != null ? endOfTurnSilenceMs : 600,
                endCallPhrases != null ? endCallPhrases : List.of("goodbye", "bye bye"),
                knowledge != null ? knowledge : "",
                variables != null ? variables : Map.of(),
                tools != null ? tools : List.of(),
                transferNumbers != null ? transferNumbers : List.of());
    }
}
