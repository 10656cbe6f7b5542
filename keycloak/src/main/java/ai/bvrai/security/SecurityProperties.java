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
            admin = new Admin(null, null, null);
        }
    }

    /**
     * Where the platform reaches Keycloak's token and admin endpoints: the admin server URL when set (inside a
     * container network the public issuer host is not the Keycloak container), else the issuer's server.
     */
    public URI serverUrl() {
        if (admin.serverUrl() != null) {
            return admin.serverUrl();
        }
        String issuer = issuerUri.toString();
        return URI.create(issuer.substring(0, issuer.indexOf("/realms/")));
    }

    public String realm() {
        String issuer = issuerUri.toString();
        return issuer.substring(issuer.indexOf("/realms/") + "/realms/".length());
    }

    /**
     * @param clientId     the confidential client with the realm-management roles registration needs
     * @param clientSecret its secret; registration answers 503 without it
     * @param serverUrl    Keycloak's base URL as this service reaches it, when it differs from the issuer's
     */
    public record Admin(String clientId, String clientSecret, URI serverUrl) {

        public Admin {
            if (clientId == null) {
                clientId = "bvrai-admin";
            }
        }
    }
}
