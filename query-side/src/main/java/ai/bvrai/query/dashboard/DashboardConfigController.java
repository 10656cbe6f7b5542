package ai.bvrai.query.dashboard;

import ai.bvrai.security.SecurityProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the dashboard signs in: the realm the platform trusts and the public PKCE client. */
@RestController
@Tag(name = "Dashboard")
class DashboardConfigController {

    private final DashboardSignIn signIn;

    DashboardConfigController(SecurityProperties security,
                              @Value("${bvrai.dashboard.client-id:bvrai-dashboard}") String clientId) {
        this.signIn = new DashboardSignIn(security.issuerUri().toString(), clientId);
    }

    @GetMapping("/dashboard/config")
    @Operation(summary = "The Keycloak realm and public client the dashboard signs in with")
    DashboardSignIn config() {
        return signIn;
    }

    /**
     * @param issuer   the realm's issuer: the browser uses its {@code /protocol/openid-connect/auth}, {@code /token}
     *                 and {@code /logout} endpoints
     * @param clientId the public client (authorization code + PKCE S256)
     */
    record DashboardSignIn(String issuer, String clientId) {
    }
}
