package ai.bvrai.voice.transport.twilio;

import java.util.Optional;

import org.springframework.core.env.Environment;
import org.springframework.web.util.UriComponentsBuilder;

import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.CredentialsResolver;
import ai.bvrai.infra.credentials.ProviderSecret;

/**
 * What the Twilio transport needs from configuration and the credentials store: an organization's Twilio account
 * (its own, else the platform default — never another organization's) and the public base URL Twilio reaches the
 * platform at ({@code bvrai.telephony.public-base-url}). Behind a proxy the request URL the platform sees differs
 * from the one Twilio signed, so signatures are checked against the configured URL; the setting is read on each
 * use so it may name the port a test server got ({@code ${local.server.port}}).
 */
public class TwilioAccounts {

    static final String PUBLIC_BASE_URL = "bvrai.telephony.public-base-url";

    private final CredentialsResolver credentials;
    private final Environment environment;

    public TwilioAccounts(CredentialsResolver credentials, Environment environment) {
        this.credentials = credentials;
        this.environment = environment;
    }

    public Optional<TwilioRestClient.Account> account(String organizationId) {
        return credentials.resolve(organizationId, Provider.TWILIO).flatMap(TwilioAccounts::account);
    }

    private static Optional<TwilioRestClient.Account> account(ProviderSecret secret) {
        Optional<String> sid = secret.field("accountSid");
        Optional<String> token = secret.field("authToken");
        return sid.isPresent() && token.isPresent()
                ? Optional.of(new TwilioRestClient.Account(sid.get(), token.get())) : Optional.empty();
    }

    /** The configured public base URL (scheme, host, port, context path; no trailing slash), if set. */
    public Optional<String> publicBaseUrl() {
        String configured = environment.getProperty(PUBLIC_BASE_URL, "");
        if (configured.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured);
    }

    /** The public ws/wss URL of the platform for {@code path}. */
    public String webSocketUrl(String base, String path) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(base + path);
        String scheme = base.startsWith("https:") ? "wss" : "ws";
        return uri.scheme(scheme).build().toUriString();
    }
}
