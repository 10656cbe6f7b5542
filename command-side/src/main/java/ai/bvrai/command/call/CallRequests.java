package ai.bvrai.command.call;

import ai.bvrai.api.call.CallStatus;

import java.time.Instant;
import java.util.Map;

/** The body of {@code POST /api/v1/calls}: which agent to talk to, and template values for this call. */
record StartWebCallRequest(String agentId, Map<String, String> variables) {
}

/**
 * The answer to {@code POST /api/v1/calls}: where the browser streams audio. The token in {@code websocketUrl}
 * (also given alone as {@code sessionToken}) admits one connection to this call until {@code expiresAt}.
 */
record WebCallStarted(String callId, CallStatus status, String agentId, int agentVersion, String websocketUrl,
                      String sessionToken, Instant expiresAt) {
}
