package ai.bvrai.voice.session;

import java.util.HashMap;
import java.util.Map;

import ai.bvrai.api.agent.AgentConfiguration;

/**
 * What a voice session needs to know about its call: whose it is, the pinned agent version's configuration and
 * the effective template variables (the agent's defaults overlaid with the call's).
 */
public record CallContext(String callId, String organizationId, String agentId, int agentVersion,
                          AgentConfiguration configuration, Map<String, String> variables) {

    public CallContext {
        Map<String, String> effective = new HashMap<>();
        if (configuration.variables() != null) {
            effective.putAll(configuration.variables());
        }
        if (variables != null) {
            effective.putAll(variables);
        }
        variables = Map.copyOf(effective);
    }
}
