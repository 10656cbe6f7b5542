package ai.bvrai.voice.session;

/** Chooses the engines of a call from its agent's configuration and organization. */
@FunctionalInterface
public interface EngineSelector {

    /**
     * @param events where the chosen engines and tools report provider failures and tool calls
     * @throws ai.bvrai.voice.engine.SpeechEngineException when a configured engine is not available on this node
     */
    SessionEngines select(CallContext call, CallEvents events);
}
