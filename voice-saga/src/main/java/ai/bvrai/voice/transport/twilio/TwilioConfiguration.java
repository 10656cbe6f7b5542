package ai.bvrai.voice.transport.twilio;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;

import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.security.PublicEndpoints;

/**
 * Phone calls over Twilio on every node: the accounts (the organizations' credentials), call control through Twilio's
 * REST API, the outbound dialer and the public routes. The WebSocket of Media Streams needs a web server
 * ({@link TwilioTransportConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class TwilioConfiguration {

    static final String SIGNED = "authenticated by Twilio's signature";

    @Bean
    TwilioAccounts twilioAccounts(CredentialsResolver credentials, Environment environment) {
        return new TwilioAccounts(credentials, environment);
    }

    @Bean
    TwilioCallControl twilioCallControl(TwilioAccounts accounts, Environment environment) {
        return new TwilioCallControl(accounts, new TwilioRestClient(
                () -> environment.getProperty("bvrai.telephony.twilio.api-base-url", "https://api.twilio.com")));
    }

    @Bean
    OutboundDialer outboundDialer(TwilioAccounts accounts, TwilioCallControl control) {
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
}
