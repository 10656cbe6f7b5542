package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

import java.util.Map;

@Revision("1")
public record CallRequestedEvent(String callId, String organizationId, String agentId, int agentVersion,
                                 CallDirection direction, String from, String to, Map<String, String> variables,
                                 CallLimits limits) {
}
