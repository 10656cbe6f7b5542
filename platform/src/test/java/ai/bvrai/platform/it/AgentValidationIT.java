package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 400 that names every bad field, and nothing is written. */
class AgentValidationIT extends IntegrationTest {

    private static List<String> fields(Api.Response response) {
        return response.body().get("errors").findValues("field").stream().map(JsonNode::asText).toList();
    }

    private long agentsNamed(String name) {
        return jdbc.sql("SELECT count(*) FROM agent_view WHERE name = :name").param("name", name).query(Long.class).single();
    }

    @Test
    void givenSeveralBadFields_whenCreatingAnAgent_thenEachIsNamedAndNothingIsStored() {
        String name = unique("x").repeat(20);
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents", Map.of(
                "name", name, "systemPrompt", " ", "language", "English",
                "llm", Map.of("provider", "gpt", "model", "m", "temperature", 3, "maxTokens", 0),
                "maxCallDurationSeconds", 5, "endOfTurnSilenceMs", 50, "variables", Map.of("1bad", "v")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body().get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(fields(response)).contains("name", "systemPrompt", "language", "llm.provider", "llm.temperature",
                "llm.maxTokens", "maxCallDurationSeconds", "endOfTurnSilenceMs");
        assertThat(fields(response)).anyMatch(field -> field.startsWith("variables"));
        assertThat(agentsNamed(name)).isZero();
    }

    @Test
    void givenAValueOfTheWrongType_whenCreatingAnAgent_thenTheFieldIsNamed() {
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents",
                "{\"name\":\"Typed\",\"systemPrompt\":\"x\",\"silenceTimeoutSeconds\":\"soon\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("silenceTimeoutSeconds");
    }

    @Test
    void givenABodyThatIsNotJson_whenCreatingAnAgent_thenBadRequest() {
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents", "{not json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("detail").asText()).contains("not valid JSON");
    }

    @Test
    void givenAMalformedTemplate_whenCreatingAnAgent_thenTheTemplateFieldIsNamed() {
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents",
                Map.of("name", unique("Template"), "systemPrompt", "Hello {{ name", "firstMessage", "Hi {{1x}}"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body().get("code").asText()).isEqualTo("INVALID_TEMPLATE");
        assertThat(fields(response)).containsExactlyInAnyOrder("systemPrompt", "firstMessage");
    }

    @Test
    void givenAnAgent_whenPatchedWithABadValue_thenItIsRefusedAndUnchanged() {
        String agentId = createAgent(Keycloak.EDDIE_EDITOR, unique("Patched"));
        Api editor = as(Keycloak.EDDIE_EDITOR);

        Api.Response response = editor.patch("/api/v1/agents/" + agentId, Map.of("name", "  ", "silenceTimeoutSeconds", 0));

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactlyInAnyOrder("name", "silenceTimeoutSeconds");
        assertThat(editor.get("/api/v1/agents/" + agentId).body().get("revision").asLong()).isZero();
        assertThat(editor.header("If-Match", "not-an-etag").patch("/api/v1/agents/" + agentId, Map.of("knowledge", "x"))
                .status()).isEqualTo(400);
    }

    @Test
    void givenAnAgentWithItsOwnEndOfTurnSilence_whenCreated_thenItIsKeptAndDefaultsFillTheRest() {
        Api.Response created = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents",
                Map.of("name", unique("Patient listener"), "systemPrompt", "x", "endOfTurnSilenceMs", 900));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/configuration/endOfTurnSilenceMs").asInt()).isEqualTo(900);
        assertThat(created.body().at("/configuration/stt/provider").asText()).isEqualTo("vosk");
    }

    @Test
    void givenUnknownIdsOrBadPaging_whenReading_thenNotFoundOrBadRequest() {
        Api viewer = as(Keycloak.VERA_VIEWER);

        assertThat(viewer.get("/api/v1/agents/no-such-agent").status()).isEqualTo(404);
        assertThat(as(Keycloak.EDDIE_EDITOR).patch("/api/v1/agents/no-such-agent", Map.of("knowledge", "x")).status())
                .isEqualTo(404);
        Api.Response paging = viewer.get("/api/v1/agents?page=-1&size=1000&status=LOST");
        assertThat(paging.status()).isEqualTo(400);
        assertThat(fields(paging)).contains("status");
        assertThat(fields(viewer.get("/api/v1/agents?page=-1&size=1000"))).containsExactlyInAnyOrder("page", "size");
    }

    @Test
    void givenBadToolsAndTransferNumbers_whenCreatingAnAgent_thenEachBadFieldIsNamedAndNothingIsStored() {
        String name = unique("Tools");
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents", Map.of(
                "name", name, "systemPrompt", "You help.",
                "tools", List.of(Map.of("name", "lookup order", "description", "Looks up an order",
                        "parameters", Map.of("type", "object"), "url", "ftp://tools.acme.test/orders", "timeoutMs", 50)),
                "transferNumbers", List.of("0800 123")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).contains("tools[0].name", "tools[0].url", "tools[0].timeoutMs");
        assertThat(fields(response)).anyMatch(field -> field.startsWith("transferNumbers"));
        assertThat(agentsNamed(name)).isZero();
    }

    @Test
    void givenAToolNamedLikeABuiltInOrWithoutAnObjectSchema_whenCreatingAnAgent_thenRefusedNamingTheTool() {
        String name = unique("Tools");
        Api.Response response = as(Keycloak.EDDIE_EDITOR).post("/api/v1/agents", Map.of(
                "name", name, "systemPrompt", "You help.",
                "tools", List.of(Map.of("name", "end_call", "description", "Mine", "parameters", Map.of("type", "object"),
                                "url", "https://tools.acme.test/end", "timeoutMs", 1_000),
                        Map.of("name", "weather", "description", "Weather", "parameters", Map.of("type", "string"),
                                "url", "https://tools.acme.test/weather", "timeoutMs", 1_000))));

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("tools[0].name", "tools[1].parameters");
        assertThat(agentsNamed(name)).isZero();
    }
}
