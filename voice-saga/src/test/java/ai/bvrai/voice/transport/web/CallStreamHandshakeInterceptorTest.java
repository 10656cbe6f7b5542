package ai.bvrai.voice.transport.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.DefaultSubscriptionQueryResult;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.security.CallSessionTokens;
import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.VoiceRuntimeProperties;
import ai.bvrai.voice.session.VoiceSessions;

class CallStreamHandshakeInterceptorTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final CallSessionTokens tokens = new CallSessionTokens(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
    private final QueryGateway queries = mock(QueryGateway.class);
    private final VoiceSessions sessions = new VoiceSessions(null, null, null, VoiceRuntimeProperties.defaults());
    private final CallStreamHandshakeInterceptor interceptor = new CallStreamHandshakeInterceptor(tokens, queries, sessions);
    private MockHttpServletResponse response;
    private Map<String, Object> attributes;

    @BeforeEach
    void calls() {
        AgentConfiguration agent = new AgentConfiguration("Desk", "Hi", "Hello", "en-US", new VoiceSettings("freetts", "kevin16"),
                new SttSettings("vosk", "small-en"), new LlmSettings("offline", "faq", 0.2, 200), 600, 30, 600, List.of(), "",
                Map.of("company", "Acme"));
        answer(new FindCallQuery("org-1", "call-1"), Mono.just(view("call-1", CallStatus.REQUESTED)));
        answer(new FindCallQuery("org-1", "call-ended"), Mono.just(view("call-ended", CallStatus.ENDED)));
        when(queries.query(any(FindAgentVersionQuery.class), eq(AgentVersionView.class)))
                .thenReturn(CompletableFuture.completedFuture(new AgentVersionView("agent-1", 2, agent, NOW, "u")));
    }

    /** The call's subscription query: its initial answer, and no updates afterwards. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void answer(FindCallQuery query, Mono<CallView> initial) {
        SubscriptionQueryResult<CallView, CallView> result =
                new DefaultSubscriptionQueryResult<>(initial, Flux.never(), () -> true);
        when(queries.subscriptionQuery(eq(query), any(ResponseType.class), any(ResponseType.class)))
                .thenReturn((SubscriptionQueryResult) result);
    }

    private static CallView view(String callId, CallStatus status) {
        return new CallView(callId, "agent-1", 2, CallDirection.WEB, status, null, null, null, null,
                Map.of("company", "Globex"), null, NOW, null, null, null, null, List.of(), null, null, 1, "UTC", null,
                List.of(), List.of(), null, null);
    }

    private boolean upgrade(String callId, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/calls/" + callId + "/stream");
        if (token != null) {
            request.setQueryString("token=" + token);
        }
        response = new MockHttpServletResponse();
        attributes = new HashMap<>();
        return interceptor.beforeHandshake(new ServletServerHttpRequest(request), new ServletServerHttpResponse(response),
                null, attributes);
    }

    private String token(String callId, Duration validFor) {
        return tokens.issue(callId, "org-1", "agent-1", 2, validFor);
    }

    @Test
    void givenAValidTokenForTheCall_whenUpgrading_thenAdmittedWithTheCallAndItsPinnedAgentVersion() {
        assertThat(upgrade("call-1", token("call-1", Duration.ofMinutes(5)))).isTrue();
        CallContext call = (CallContext) attributes.get(CallStreamHandshakeInterceptor.CALL);
        assertThat(call.organizationId()).isEqualTo("org-1");
        assertThat(call.agentVersion()).isEqualTo(2);
        assertThat(call.variables()).containsEntry("company", "Globex");
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void givenNoToken_whenUpgrading_thenUnauthorized() {
        assertThat(upgrade("call-1", null)).isFalse();
        assertThat(response.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED.value());
        assertThat(sessions.size()).isZero();
    }

    @Test
    void givenAForgedOrExpiredToken_whenUpgrading_thenUnauthorized() {
        String valid = token("call-1", Duration.ofMinutes(5));
        String forged = valid.substring(0, valid.length() - 3) + (valid.endsWith("AAA") ? "BBB" : "AAA");
        assertThat(upgrade("call-1", forged)).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        CallSessionTokens otherSecret = new CallSessionTokens(Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(upgrade("call-1", otherSecret.issue("call-1", "org-1", "agent-1", 2, Duration.ofMinutes(5)))).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(upgrade("call-1", token("call-1", Duration.ofSeconds(-1)))).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
    }

    @Test
    void givenATokenOfAnotherCall_whenUpgrading_thenForbidden() {
        assertThat(upgrade("call-1", token("call-2", Duration.ofMinutes(5)))).isFalse();
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(sessions.size()).isZero();
    }

    @Test
    void givenAnEndedCallOrASecondConnection_whenUpgrading_thenConflict() {
        assertThat(upgrade("call-ended", token("call-ended", Duration.ofMinutes(5)))).isFalse();
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(upgrade("call-1", token("call-1", Duration.ofMinutes(5)))).isTrue();
        assertThat(upgrade("call-1", token("call-1", Duration.ofMinutes(5)))).isFalse();
        assertThat(response.getStatus()).isEqualTo(409);
    }
}
