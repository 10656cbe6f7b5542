package ai.bvrai.voice.session;

import ai.bvrai.api.agent.AgentConfiguration;

/** Chooses the engines for an agent's configuration. */
@FunctionalInterface
public interface EngineSelector {

    /** @throws ai.bvrai.voice.engine.SpeechEngineException when a configured engine is not available */
    SessionEngines select(AgentConfiguration configuration);
}
