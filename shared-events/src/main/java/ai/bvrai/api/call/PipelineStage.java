package ai.bvrai.api.call;

/** A stage of the voice pipeline that a provider serves. */
public enum PipelineStage {
    /** speech to text */
    STT,
    /** the language model that writes the agent's replies */
    LLM,
    /** text to speech */
    TTS
}
