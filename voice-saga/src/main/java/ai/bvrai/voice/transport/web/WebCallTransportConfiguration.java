package ai.bvrai.voice.transport.web;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import ai.bvrai.security.CallSessionTokens;
import ai.bvrai.security.PublicEndpoints;
import ai.bvrai.voice.session.VoiceSessions;

/** The browser call stream: {@code GET /api/v1/calls/{callId}/stream?token=…} upgraded to a WebSocket. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
public class WebCallTransportConfiguration implements WebSocketConfigurer {

    private final CallSessionTokens tokens;
    private final QueryGateway queries;
    private final VoiceSessions sessions;

    public WebCallTransportConfiguration(CallSessionTokens tokens, QueryGateway queries, VoiceSessions sessions) {
        this.tokens = tokens;
        this.queries = queries;
        this.sessions = sessions;
    }

    @Bean
    PublicEndpoints callStreamIsPublic() {
        return new PublicEndpoints(HttpMethod.GET, "/api/v1/calls/*/stream",
                "admitted by the call session token on the upgrade");
    }

    /** 20 ms frames are 640 bytes; a client may send up to a second at once. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(64 * 1024);
        container.setMaxTextMessageBufferSize(8 * 1024);
        container.setMaxSessionIdleTimeout(120_000L);
        return container;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // the token is the credential (no cookies), so any origin may connect with one
        registry.addHandler(new CallStreamHandler(sessions), CallStreamHandshakeInterceptor.PATH)
                .addInterceptors(new CallStreamHandshakeInterceptor(tokens, queries, sessions))
                .setAllowedOriginPatterns("*");
    }
}
