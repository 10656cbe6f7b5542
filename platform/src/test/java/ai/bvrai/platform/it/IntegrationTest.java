package ai.bvrai.platform.it;

import ai.bvrai.platform.BvraiPlatformApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import java.util.Map;
import java.util.UUID;

/**
 * The platform as it runs, on a random port, against the real PostgreSQL and the real Keycloak. Every
 * integration test extends this class, so they share one application context.
 */
@SpringBootTest(classes = BvraiPlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({TestClockConfiguration.class, DashboardPortConfiguration.class})
public abstract class IntegrationTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock securityClock;

    protected Api api() {
        return Api.at(port);
    }

    protected Api as(String username) {
        return api().as(Keycloak.token(username));
    }

    protected static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static Map<String, Object> agent(String name) {
        return Map.of("name", name, "systemPrompt", "You answer questions for {{company}}.",
                "variables", Map.of("company", "Acme"));
    }

    /** Creates an agent as the given user and answers its id. */
    protected String createAgent(String username, String name) {
        Api.Response created = as(username).post("/api/v1/agents", agent(name));
        if (created.status() != 201) {
            throw new AssertionError("could not create agent: " + created);
        }
        return created.body().get("agentId").asText();
    }
}
