package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class OperabilityIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAnOperator_whenReadingReadiness_thenItCoversTheDatabaseAndEveryEventProcessor() {
        Api operator = api().as(Keycloak.clientCredentials("bvrai-m2m", "bvrai-m2m-secret"));

        Api.Response readiness = operator.get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(readiness.body().at("/components/eventProcessors/status").asText()).isEqualTo("UP");
        assertThat(readiness.body().at("/components/eventProcessors/details/processors/agent-projection/running").asBoolean())
                .isTrue();
        assertThat(api().get("/actuator/health/readiness").body().has("components")).isFalse();
    }

    @Test
    void givenACorrelationHeader_whenCalling_thenItIsReturnedAndAnUnsafeOneIsReplaced() {
        assertThat(api().header("X-Correlation-Id", "req-42").get("/api/v1/agents").header("X-Correlation-Id"))
                .isEqualTo("req-42");
        String replaced = api().header("X-Correlation-Id", "bad id with spaces <script>").get("/api/v1/agents")
                .header("X-Correlation-Id");
        assertThat(replaced).matches("[0-9a-f-]{36}");
    }

    @Test
    void givenARequest_whenTheServerLogsWhileServingIt_thenTheLineIsJsonWithItsCorrelationId(CapturedOutput output) {
        as(Keycloak.ALICE_ADMIN).header("X-Correlation-Id", "log-check-7").send("PUT", "/api/v1/agents", null);

        await().untilAsserted(() -> assertThat(line(output, "log-check-7")).isPresent());
        JsonNode line = line(output, "log-check-7").orElseThrow();
        assertThat(line.get("correlationId").asText()).isEqualTo("log-check-7");
        assertThat(line.has("@timestamp")).isTrue();
        assertThat(line.has("level")).isTrue();
    }

    @Test
    void givenNoToken_whenReadingTheApiDescription_thenTheAgentsApiAndBearerAuthAreDescribed() {
        Api.Response openApi = api().get("/v3/api-docs");

        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body().at("/paths").has("/api/v1/agents")).isTrue();
        assertThat(openApi.body().at("/paths").has("/api/v1/agents/{agentId}/publish")).isTrue();
        assertThat(openApi.body().at("/components/securitySchemes/bearer-jwt/scheme").asText()).isEqualTo("bearer");
        assertThat(api().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    private static Optional<JsonNode> line(CapturedOutput output, String correlationId) {
        return Arrays.stream(output.getOut().split("\n"))
                .filter(l -> l.startsWith("{") && l.contains(correlationId))
                .map(OperabilityIT::parse)
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            return Optional.of(JSON.readTree(line));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
