package ai.bvrai.command.call;

import ai.bvrai.api.call.CallStatus;

import java.time.Instant;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/calls}: which agent to talk to, and template values for this call; for a phone
 * call out, {@code direction: "outbound"}, the number to call ({@code to}) and one of the organization's numbers to
 * call from ({@code from}), both E.164. Without a direction it is a web call.
 */
record StartWebCallRequest(String agentId, Map<String, String> variables, String direction, String to, String from) {
}

/** The answer to {@code POST /api/v1/calls} for an outbound phone call: Twilio is dialing. */
record OutboundCallStarted(String callId, CallStatus status, String agentId, int agentVersion, String direction,
                           String from, String to) {
}

/**
 * The answer to {@code POST /api/v1/calls}: where the browser streams audio. The token in {@code websocketUrl}
 * (also given alone as {@code sessionToken}) admits one connection to this call until {@code expiresAt}.
 */
record WebCallStarted(String callId, CallStatus status, String agentId, int agentVersion, String websocketUrl,
                      String sessionToken, Instant expiresAt) {
}
