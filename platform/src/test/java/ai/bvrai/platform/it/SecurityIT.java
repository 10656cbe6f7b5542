package ai.bvrai.platform.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what: every route needs a valid token for this API; tenants never see each other. */
class SecurityIT extends IntegrationTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    @AfterEach
    void resetClock() {
        securityClock.reset();
    }

    private void assertRefused(String token, String why) {
        Api.Response response = api().as(token).get("/api/v1/agents");
        assertThat(response.status()).as(why + ": " + response).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).as(why).startsWith("Bearer");
        assertThat(response.body().get("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void givenNoToken_whenCallingTheApi_thenUnauthorizedAsProblemDetails() {
        Api.Response response = api().get("/api/v1/agents");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api().get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(api().post("/api/v1/agents", agent("x")).status()).isEqualTo(401);
    }

    @Test
    void givenAValidToken_whenItsExpiryHasPassed_thenItIsRefused() {
        String token = Keycloak.token(Keycloak.ALICE_ADMIN);
        assertThat(api().as(token).get("/api/v1/agents").status()).isEqualTo(200);

        securityClock.advance(Duration.ofMinutes(10));

        assertRefused(token, "expired");
    }

    @Test
    void givenATokenForAnotherAudience_whenCallingTheApi_thenItIsRefused() {
        String adminCli = Keycloak.passwordGrant(Keycloak.base(), "bvrai", "admin-cli", Keycloak.ALICE_ADMIN,
                Keycloak.PASSWORD).get("access_token").asText();
        assertRefused(adminCli, "admin-cli token");
        assertRefused(Keycloak.clientCredentials("bvrai-admin", "bvrai-admin-secret"), "realm-management audience");
    }

    @Test
    void givenATokenFromTheSameKeycloakUnderAnotherIssuer_whenCallingTheApi_thenItIsRefused() {
        String otherIssuer = Keycloak.tokenIssuedUnder(Keycloak.base().replace("127.0.0.1", "localhost"), Keycloak.ALICE_ADMIN);
        assertThat(claims(otherIssuer)).contains("\"iss\":\"http://localhost:");

        assertRefused(otherIssuer, "wrong issuer");
    }

    @Test
    void givenATokenWhosePayloadWasAltered_whenCallingTheApi_thenItIsRefused() {
        String[] parts = Keycloak.token(Keycloak.VERA_VIEWER).split("\\.");
        String promoted = claims(parts[1] + "").replace("\"viewer\"", "\"admin\"");
        assertThat(promoted).contains("\"admin\"");

        assertRefused(parts[0] + "." + B64.encodeToString(promoted.getBytes(StandardCharsets.UTF_8)) + "." + parts[2], "tampered");
    }

    @Test
    void givenAnUnsignedToken_whenCallingTheApi_thenItIsRefused() {
        String[] parts = Keycloak.token(Keycloak.ALICE_ADMIN).split("\\.");
        String none = B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        assertRefused(none + "." + parts[1] + ".", "alg none");
        assertRefused("not-a-jwt", "garbage");
    }

    @Test
    void givenAViewer_whenWriting_thenForbiddenButReadingWorks() {
        String agentId = createAgent(Keycloak.EDDIE_EDITOR, unique("Viewer target"));
        Api viewer = as(Keycloak.VERA_VIEWER);

        assertThat(viewer.post("/api/v1/agents", agent(unique("Nope"))).status()).isEqualTo(403);
        assertThat(viewer.patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "x")).status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/agents/" + agentId + "/publish", null).status()).isEqualTo(403);
        assertThat(viewer.delete("/api/v1/agents/" + agentId).status()).isEqualTo(403);
        assertThat(viewer.post("/api/v1/agents/" + agentId + "/restore", null).status()).isEqualTo(403);
        Api.Response forbidden = viewer.post("/api/v1/agents", agent(unique("Nope")));
        assertThat(forbidden.body().get("code").asText()).isEqualTo("FORBIDDEN");

        assertThat(viewer.get("/api/v1/agents/" + agentId).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/agents/" + agentId + "/versions").status()).isEqualTo(200);
        assertThat(as(Keycloak.EDDIE_EDITOR).get("/api/v1/agents/" + agentId).body().at("/configuration/firstMessage").asText())
                .isEqualTo("Hello! How can I help you today?");
    }

    @Test
    void givenAnotherOrganizationsAgent_whenTouchedThroughAnyEndpoint_thenItDoesNotExist() {
        String agentId = createAgent(Keycloak.ALICE_ADMIN, unique("Acme only"));
        as(Keycloak.ALICE_ADMIN).post("/api/v1/agents/" + agentId + "/publish", null);
        Api globex = as(Keycloak.GINA_ADMIN);
        String path = "/api/v1/agents/" + agentId;

        List<Api.Response> attempts = List.of(
                globex.get(path),
                globex.get(path + "/versions"),
                globex.get(path + "/versions/1"),
                globex.patch(path, Map.of("firstMessage", "hijacked")),
                globex.post(path + "/publish", null),
                globex.delete(path),
                globex.post(path + "/restore", null));

        assertThat(attempts).allSatisfy(response -> {
            assertThat(response.status()).as(response.toString()).isEqualTo(404);
            assertThat(response.text()).doesNotContain("Acme only");
        });
        assertThat(globex.get("/api/v1/agents?includeArchived=true&size=100").text()).doesNotContain(agentId);
        Api.Response untouched = as(Keycloak.ALICE_ADMIN).get(path);
        assertThat(untouched.body().get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(untouched.body().at("/configuration/firstMessage").asText()).isNotEqualTo("hijacked");
    }

    @Test
    void givenTheMachineClient_whenItUsesTheApi_thenItActsForItsOrganization() {
        Api m2m = api().as(Keycloak.clientCredentials("bvrai-m2m", "bvrai-m2m-secret"));

        Api.Response created = m2m.post("/api/v1/agents", agent(unique("Made by a machine")));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(as(Keycloak.VERA_VIEWER).get("/api/v1/agents/" + created.body().get("agentId").asText()).status())
                .isEqualTo(200);
    }

    @Test
    void givenOperationalEndpoints_whenCalled_thenProbesArePublicAndMetricsNeedTheOperatorRole() {
        assertThat(api().get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(as(Keycloak.ALICE_ADMIN).get("/actuator/prometheus").status()).isEqualTo(403);

        Api.Response metrics = api().as(Keycloak.clientCredentials("bvrai-m2m", "bvrai-m2m-secret")).get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("jvm_memory_used_bytes", "http_server_requests_seconds");
    }

    private static String claims(String tokenOrPayload) {
        String payload = tokenOrPayload.contains(".") ? tokenOrPayload.split("\\.")[1] : tokenOrPayload;
        return new String(B64D.decode(payload), StandardCharsets.UTF_8);
    }
}
