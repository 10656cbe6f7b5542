package ai.bvrai.api.call;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A call as the read model shows it. The voice runtime looks the call up with {@link FindCallQuery} when the
 * caller's audio connects: {@code agentId}/{@code agentVersion} is the pinned agent version, {@code variables}
 * the effective template values (the agent's defaults overlaid with the request's), {@code limits} what the call
 * runs under.
 *
 * @param endReason  null until ended
 * @param durationMs from connect to end (0 when it never connected), null until ended
 * @param node       the voice runtime holding the caller's audio, once connected
 * @param turns      the transcript in spoken order (by start time)
 * @param recording  null until a recording is stored
 * @param revision   the sequence number of the call's newest event in the read model
 * @param timeZone   the organization's time zone the call runs in (IANA id)
 * @param transferredTo the number the call was transferred to, if it was
 * @param toolInvocations the tools the agent's language model called, in order
 * @param providerErrors provider failures and what served instead, in order
 * @param answeredBy    on an outbound phone call, the answering-machine detection's verdict ({@code human},
 *                      {@code machine_start}, …; null when not detected)
 * @param providerCallId on an outbound phone call, the telephony provider's id of it (Twilio's call SID) once dialed
 */
public record CallView(String callId, String agentId, int agentVersion, CallDirection direction, CallStatus status,
                       EndReason endReason, String endDetail, String from, String to, Map<String, String> variables,
                       CallLimits limits, Instant requestedAt, Instant connectedAt, Instant endedAt, Long durationMs,
                       String node, List<CallTurnView> turns, CallLatencySummary latency,
                       CallRecordingSummary recording, long revision, String timeZone, String transferredTo,
                       List<ToolInvocationView> toolInvocations, List<ProviderErrorView> providerErrors,
                       String answeredBy, String providerCallId) {

    public CallView {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        turns = turns == null ? List.of() : List.copyOf(turns);
        toolInvocations = toolInvocations == null ? List.of() : List.copyOf(toolInvocations);
        providerErrors = providerErrors == null ? List.of() : List.copyOf(providerErrors);
    }
}
