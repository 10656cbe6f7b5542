package ai.bvrai.voice.transport.twilio;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import ai.bvrai.voice.session.VoiceSessions;

/** The Media Streams WebSocket of Twilio phone calls, authenticated by Twilio's signature on the upgrade. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
public class TwilioTransportConfiguration implements WebSocketConfigurer {

    private final QueryGateway queries;
    private final VoiceSessions sessions;
    private final TwilioAccounts accounts;
    private final TwilioCallControl control;

    TwilioTransportConfiguration(QueryGateway queries, VoiceSessions sessions, TwilioAccounts accounts,
                                 TwilioCallControl control) {
        this.queries = queries;
        this.sessions = sessions;
        this.accounts = accounts;
        this.control = control;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Twilio's signature is the credential (no cookies), so the origin does not matter
        registry.addHandler(new TwilioMediaStreamHandler(sessions, control), TwilioMediaHandshakeInterceptor.PATH)
                .addInterceptors(new TwilioMediaHandshakeInterceptor(accounts, queries, sessions))
                .setAllowedOriginPatterns("*");
    }
}
