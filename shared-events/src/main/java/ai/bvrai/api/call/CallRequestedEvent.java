package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

import java.util.Map;

/**
 * A call record was opened for an agent's published version.
 *
 * @param timeZone the organization's time zone when the call was requested (IANA id; null for calls recorded before
 *                 organizations had one: UTC)
 */
@Revision("1")
public record CallRequestedEvent(String callId, String organizationId, String agentId, int agentVersion,
                                 CallDirection direction, String from, String to, Map<String, String> variables,
                                 CallLimits limits, String timeZone) {
}
