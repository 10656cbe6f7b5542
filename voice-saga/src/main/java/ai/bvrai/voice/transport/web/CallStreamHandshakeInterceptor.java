package ai.bvrai.voice.transport.web;

import java.util.Map;
import java.util.Optional;

import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriTemplate;

import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.security.CallSessionTokens;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallLookup;
import ai.bvrai.voice.session.VoiceSessions;

/**
 * Admits a WebSocket upgrade only with a call session token for exactly this call (the browser cannot send an
 * Authorization header on a WebSocket; the route is public to Spring Security for that reason). Refusals happen
 * before the upgrade, so nothing is opened or stored:
 * <ul>
 *   <li>401 — no token, or one that is malformed, forged or expired;</li>
 *   <li>403 — a valid token for another call;</li>
 *   <li>404 — the call or its pinned agent version is not found in the token's organization;</li>
 *   <li>409 — the call has ended, or its audio is already connected to this node.</li>
 * </ul>
 * The organization is the token's. On success the {@link CallContext} is handed to the handler and the call is
 * reserved on this node (one connection per call; the call record refuses a second node).
 */
public class CallStreamHandshakeInterceptor implements HandshakeInterceptor {

    static final String PATH = "/api/v1/calls/{callId}/stream";
    static final String CALL = CallStreamHandshakeInterceptor.class.getName() + ".call";

    private static final Logger log = LoggerFactory.getLogger(CallStreamHandshakeInterceptor.class);
    private static final UriTemplate TEMPLATE = new UriTemplate(PATH);

    private final CallSessionTokens tokens;
    private final CallLookup calls;
    private final VoiceSessions sessions;

    public CallStreamHandshakeInterceptor(CallSessionTokens tokens, QueryGateway queries, VoiceSessions sessions) {
        this.tokens = tokens;
        this.calls = new CallLookup(queries);
        this.sessions = sessions;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String path = request.getURI().getPath();
        if (!TEMPLATE.matches(path)) {
            return refuse(response, HttpStatus.NOT_FOUND);
        }
        String callId = TEMPLATE.match(path).get("callId");
        String token = UriComponentsBuilder.fromUri(request.getURI()).build().getQueryParams().getFirst("token");
        Optional<CallSessionTokens.CallSession> admitted = tokens.verify(token);
        if (admitted.isEmpty()) {
            return refuse(response, HttpStatus.UNAUTHORIZED);
        }
        CallSessionTokens.CallSession session = admitted.get();
        if (!session.callId().equals(callId)) {
            log.info("Refused a stream for call {} with a token for call {}", callId, session.callId());
            return refuse(response, HttpStatus.FORBIDDEN);
        }
        CallContext call;
        try {
            Optional<CallContext> loaded = load(session);
            if (loaded.isEmpty()) {
                return refuse(response, HttpStatus.NOT_FOUND);
            }
            call = loaded.get();
        } catch (CallEnded e) {
            return refuse(response, HttpStatus.CONFLICT);
        }
        if (!sessions.reserve(callId)) {
            return refuse(response, HttpStatus.CONFLICT);
        }
        attributes.put(CALL, call);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
        if (failure != null) {
            String path = request.getURI().getPath();
            if (TEMPLATE.matches(path)) {
                sessions.release(TEMPLATE.match(path).get("callId"));
            }
        }
    }

    /** The call as the read model shows it, with its pinned agent version's configuration. */
    private Optional<CallContext> load(CallSessionTokens.CallSession session) {
        CallView view = calls.awaitCall(new FindCallQuery(session.organizationId(), session.callId()));
        if (view == null) {
            return Optional.empty();
        }
        if (view.status() == CallStatus.ENDED) {
            throw new CallEnded();
        }
        if (!view.agentId().equals(session.agentId()) || view.agentVersion() != session.agentVersion()) {
            return Optional.empty();
        }
        AgentVersionView agent = calls.agentVersion(new FindAgentVersionQuery(session.organizationId(), view.agentId(),
                view.agentVersion()));
        if (agent == null) {
            return Optional.empty();
        }
        return Optional.of(new CallContext(session.callId(), session.organizationId(), view.agentId(),
                view.agentVersion(), agent.configuration(), view.variables(), view.from(), view.to(), view.timeZone()));
    }



    private static boolean refuse(ServerHttpResponse response, HttpStatus status) {
        response.setStatusCode(status);
        return false;
    }

    private static final class CallEnded extends RuntimeException {
        CallEnded() {
            super(null, null, false, false);
        }
    }
}
