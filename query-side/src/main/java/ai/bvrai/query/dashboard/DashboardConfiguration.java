package ai.bvrai.query.dashboard;

import ai.bvrai.security.PublicEndpoints;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The web dashboard: static files under {@code classpath:/static} ({@code index.html} and the ES modules in
 * {@code /app}), signing in with Keycloak in the browser (authorization code + PKCE, tokens in memory only), and
 * reading and writing through the same REST API with the user's access token. Its files and its sign-in
 * settings are public: they hold no data, and the browser needs them before it has a token.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardConfiguration {

    private static final String NO_DATA = "the dashboard's static files hold no data; the browser loads them before it has signed in";

    @Bean
    PublicEndpoints dashboardPageIsPublic() {
        return new PublicEndpoints(HttpMethod.GET, "/", NO_DATA);
    }

    @Bean
    PublicEndpoints dashboardIndexIsPublic() {
        return new PublicEndpoints(HttpMethod.GET, "/index.html", NO_DATA);
    }

    @Bean
    PublicEndpoints dashboardModulesArePublic() {
        return new PublicEndpoints(HttpMethod.GET, "/app/**", NO_DATA);
    }

    @Bean
    PublicEndpoints dashboardSignInSettingsArePublic() {
        return new PublicEndpoints(HttpMethod.GET, "/dashboard/config",
                "where to sign in (the realm's issuer and the public client id) is needed before signing in and is no secret");
    }
}
