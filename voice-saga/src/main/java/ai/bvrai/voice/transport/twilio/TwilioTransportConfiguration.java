package ai.bvrai.voice.transport.twilio;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.security.PublicEndpoints;
import ai.bvrai.voice.session.VoiceSessions;

/**
 * Phone calls over Twilio: the voice webhook, the status callback, the TwiML of outbound calls and the Media
 * Streams WebSocket. All are public to Spring Security and authenticated by Twilio's signature instead.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
public class TwilioTransportConfiguration implements WebSocketConfigurer {

    static final String SIGNED = "authenticated by Twilio's signature";

    private final QueryGateway queries;
    private final VoiceSessions sessions;
    private final TwilioAccounts accounts;
    private final TwilioCallControl control;

    TwilioTransportConfiguration(QueryGateway queries, VoiceSessions sessions, CredentialsResolver credentials,
                                 Environment environment) {
        this.queries = queries;
        this.sessions = sessions;
        this.accounts = new TwilioAccounts(credentials, environment);
        this.control = new TwilioCallControl(accounts, new TwilioRestClient(
                () -> environment.getProperty("bvrai.telephony.twilio.api-base-url", "https://api.twilio.com")));
    }

    @Bean
    TwilioAccounts twilioAccounts() {
        return accounts;
    }

    @Bean
    TwilioCallControl twilioCallControl() {
        return control;
    }

    @Bean
    OutboundDialer outboundDialer() {
        return new OutboundDialer(accounts, control.rest());
    }

    /** Static: Axon's configurer is built before the gateways this configuration needs. */
    @Bean
    static ConfigurerModule outboundDialerProcessor() {
        return OutboundDialer.processor();
    }

    @Bean
    PublicEndpoints twilioVoiceWebhookIsPublic() {
        return new PublicEndpoints(HttpMethod.POST, "/api/v1/telephony/twilio/**", SIGNED);
    }

    @Bean
    PublicEndpoints twilioMediaStreamIsPublic() {
        return new PublicEndpoints(HttpMethod.GET, TwilioWebhookController.MEDIA_PATH + "/**", SIGNED);
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        // Twilio's signature is the credential (no cookies), so the origin does not matter
        registry.addHandler(new TwilioMediaStreamHandler(sessions, control), TwilioMediaHandshakeInterceptor.PATH)
                .addInterceptors(new TwilioMediaHandshakeInterceptor(accounts, queries, sessions))
                .setAllowedOriginPatterns("*");
    }
}
