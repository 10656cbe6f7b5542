package ai.bvrai.platform.it;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * A second HTTP port, fixed, for the dashboard's browser tests: Keycloak sends the browser back only to exact
 * redirect URIs, and the realm lists {@code http://127.0.0.1:18080/} (and {@code 18081}, for a second suite running on
 * the same machine: {@code BVRAI_DASHBOARD_TEST_PORT=18081}) for them; the platform itself runs on a random port so
 * the integration tests can share one application context.
 */
@TestConfiguration(proxyBeanMethods = false)
class DashboardPortConfiguration {

    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("BVRAI_DASHBOARD_TEST_PORT", "18080"));

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dashboardPort() {
        return factory -> {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(PORT);
            factory.addAdditionalTomcatConnectors(connector);
        };
    }
}
