package ai.bvrai.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * How the platform trusts Keycloak.
 *
 * @param issuerUri  the realm's issuer, e.g. {@code http://127.0.0.1:8180/realms/bvrai}; tokens must carry exactly this {@code iss}
 * @param jwkSetUri  where the signing keys are; defaults to the issuer's {@code /protocol/openid-connect/certs}
 * @param audience   the audience every access token must name
 * @param clockSkew  tolerance for {@code exp}/{@code nbf}
 * @param admin      the confidential client the platform uses for Keycloak's admin API (self-service registration)
 */
@ConfigurationProperties("bvrai.security")
public record SecurityProperties(URI issuerUri, URI jwkSetUri, String audience, Duration clockSkew, Admin admin) {

    public SecurityProperties {
        if (issuerUri == null) {
            issuerUri = URI.create("http://127.0.0.1:8180/realms/bvrai");
        }
        if (jwkSetUri == null) {
            jwkSetUri = URI.create(issuerUri + "/protocol/openid-connect/certs");
        }
        if (audience == null) {
            audience = "bvrai-api";
        }
        if (clockSkew == null) {
            clockSkew = Duration.ofSeconds(30);
        }
        if (admin == null) {
            admin = new Admin(null, null);
        }
    }

    /** The Keycloak server's base URL and the realm name, derived from the issuer. */
    public URI serverUrl() {
        String issuer = issuerUri.toString();
        return URI.create(issuer.substring(0, issuer.indexOf("/realms/")));
    }

    public String realm() {
        String issuer = issuerUri.toString();
        return issuer.substring(issuer.indexOf("/realms/") + "/realms/".length());
    }

    public record Admin(String clientId, String clientSecret) {

        public Admin {
            if (clientId == null) {
                clientId = "bvrai-admin";
            }
        }
    }
}
