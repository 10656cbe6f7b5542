package ai.bvrai.voice.transport.twilio;

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
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.CallLookup;
import ai.bvrai.voice.session.VoiceSessions;

/**
 * Admits Twilio's Media Streams upgrade for {@code /api/v1/telephony/twilio/media/{organizationId}/{callId}} only
 * with Twilio's signature over the stream URL (as the platform's TwiML gave it) made with that organization's auth
 * token. Refusals happen before the upgrade, so nothing is opened or stored: 403 for a missing or wrong signature,
 * 404 for an unknown call (or a web call), 409 for an ended call or one already held on this node.
 */
class TwilioMediaHandshakeInterceptor implements HandshakeInterceptor {

    static final String PATH = TwilioWebhookController.MEDIA_PATH + "/{organizationId}/{callId}";
    static final String CALL = TwilioMediaHandshakeInterceptor.class.getName() + ".call";

    private static final Logger log = LoggerFactory.getLogger(TwilioMediaHandshakeInterceptor.class);
    private static final UriTemplate TEMPLATE = new UriTemplate(PATH);

    private final TwilioAccounts accounts;
    private final CallLookup calls;
    private final VoiceSessions sessions;

    TwilioMediaHandshakeInterceptor(TwilioAccounts accounts, QueryGateway queries, VoiceSessions sessions) {
        this.accounts = accounts;
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
        Map<String, String> ids = TEMPLATE.match(path);
        String organizationId = ids.get("organizationId");
        String callId = ids.get("callId");
        Optional<TwilioRestClient.Account> account = accounts.account(organizationId);
        String base = accounts.publicBaseUrl().orElseGet(() -> UriComponentsBuilder.fromUri(request.getURI())
                .replacePath(null).replaceQuery(null).build().toUriString());
        String url = accounts.webSocketUrl(base, TwilioWebhookController.MEDIA_PATH + "/" + organizationId + "/" + callId);
        if (account.isEmpty() || !TwilioSignature.valid(account.get().authToken(), url, Map.of(),
                request.getHeaders().getFirst(TwilioSignature.HEADER))) {
            log.warn("Refused a Media Streams upgrade without a valid Twilio signature for call {}", callId);
            return refuse(response, HttpStatus.FORBIDDEN);
        }
        CallView view = calls.awaitCall(new FindCallQuery(organizationId, callId));
        if (view == null || view.direction() == CallDirection.WEB) {
            return refuse(response, HttpStatus.NOT_FOUND);
        }
        if (view.status() == CallStatus.ENDED) {
            return refuse(response, HttpStatus.CONFLICT);
        }
        AgentVersionView agent = calls.agentVersion(new FindAgentVersionQuery(organizationId, view.agentId(), view.agentVersion()));
        if (agent == null) {
            return refuse(response, HttpStatus.NOT_FOUND);
        }
        if (!sessions.reserve(callId)) {
            return refuse(response, HttpStatus.CONFLICT);
        }
        attributes.put(CALL, new CallContext(callId, organizationId, view.agentId(), view.agentVersion(),
                agent.configuration(), view.variables(), view.from(), view.to(), view.timeZone()));
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



    private static boolean refuse(ServerHttpResponse response, HttpStatus status) {
        response.setStatusCode(status);
        return false;
    }
}
