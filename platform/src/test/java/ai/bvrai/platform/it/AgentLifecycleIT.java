package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A new organization goes through the whole life of an agent, as a user of the API would. */
class AgentLifecycleIT extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenANewlyRegisteredOrganization_whenItsAdminBuildsPublishesArchivesAndRestoresAnAgent_thenEveryStepIsVisible()
            throws Exception {
        // register → token
        String email = "owner-" + UUID.randomUUID() + "@example.test";
        Api.Response registered = api().post("/api/v1/auth/register", Map.of("organizationName", unique("Initech"),
                "email", email, "password", "correct horse battery", "firstName", "Peter", "lastName", "Gibbons"));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String organizationId = registered.body().get("organizationId").asText();
        JsonNode login = Keycloak.passwordGrant(Keycloak.base(), "bvrai", "bvrai-cli", email, "correct horse battery");
        Api owner = api().as(login.get("access_token").asText());

        Api.Response me = owner.get("/api/v1/auth/me");
        assertThat(me.body().at("/organization/id").asText()).isEqualTo(organizationId);
        assertThat(me.body().get("roles")).extracting(JsonNode::asText).containsExactly("admin");

        // create
        String correlationId = "lifecycle-" + UUID.randomUUID();
        Api.Response created = owner.header("X-Correlation-Id", correlationId).post("/api/v1/agents", Map.of(
                "name", "Front desk", "systemPrompt", "You greet callers of {{company}}.",
                "firstMessage", "Thanks for calling {{company}}!", "variables", Map.of("company", "Initech"),
                "knowledge", "We are open 9 to 5.", "endCallPhrases", List.of("bye")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("X-Correlation-Id")).isEqualTo(correlationId);
        String agentId = created.body().get("agentId").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/agents/" + agentId);
        assertThat(created.body().get("status").asText()).isEqualTo("DRAFT");
        assertThat(created.body().at("/configuration/llm/provider").asText()).isEqualTo("offline");
        assertThat(created.body().at("/configuration/voice/provider").asText()).isEqualTo("freetts");

        // list: immediately visible to the same user (read-your-writes)
        Api.Response list = owner.get("/api/v1/agents");
        assertThat(list.body().get("items")).extracting(item -> item.get("agentId").asText()).containsExactly(agentId);
        assertThat(list.body().get("totalItems").asLong()).isEqualTo(1);

        // update
        Api.Response changed = owner.header("If-Match", created.header("ETag"))
                .patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "Initech, good morning!",
                        "llm", Map.of("provider", "offline", "model", "faq-retrieval", "temperature", 0.2, "maxTokens", 128)));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"1\"");
        assertThat(changed.body().at("/configuration/firstMessage").asText()).isEqualTo("Initech, good morning!");
        assertThat(changed.body().at("/configuration/knowledge").asText()).isEqualTo("We are open 9 to 5.");
        assertThat(owner.get("/api/v1/agents/" + agentId).body().at("/configuration/llm/maxTokens").asInt()).isEqualTo(128);

        // publish twice with a change in between: versions 1 and 2, each frozen
        Api.Response v1 = owner.post("/api/v1/agents/" + agentId + "/publish", null);
        assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
        assertThat(v1.body().get("version").asInt()).isEqualTo(1);
        assertThat(v1.body().get("publishedBy").asText()).isEqualTo(registered.body().get("userId").asText());
        owner.patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "Hello from version two"));
        Api.Response v2 = owner.post("/api/v1/agents/" + agentId + "/publish", null);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);

        Api.Response versions = owner.get("/api/v1/agents/" + agentId + "/versions");
        assertThat(versions.body()).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(owner.get("/api/v1/agents/" + agentId + "/versions/1").body().at("/configuration/firstMessage").asText())
                .isEqualTo("Initech, good morning!");
        assertThat(owner.get("/api/v1/agents/" + agentId + "/versions/2").body().at("/configuration/firstMessage").asText())
                .isEqualTo("Hello from version two");
        assertThat(owner.get("/api/v1/agents/" + agentId + "/versions/3").status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/agents/" + agentId).body().get("status").asText()).isEqualTo("PUBLISHED");

        // archive: hidden by default, listed on request
        Api.Response archived = owner.delete("/api/v1/agents/" + agentId);
        assertThat(archived.body().get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(owner.get("/api/v1/agents").body().get("items")).isEmpty();
        assertThat(owner.get("/api/v1/agents?includeArchived=true").body().get("items")).hasSize(1);
        assertThat(owner.get("/api/v1/agents?status=ARCHIVED").body().get("items")).hasSize(1);
        assertThat(owner.patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "x")).status()).isEqualTo(409);

        // restore
        Api.Response restored = owner.post("/api/v1/agents/" + agentId + "/restore", null);
        assertThat(restored.body().get("status").asText()).isEqualTo("PUBLISHED");
        assertThat(owner.get("/api/v1/agents?name=front").body().get("items")).hasSize(1);
        assertThat(owner.get("/api/v1/agents?name=nomatch").body().get("items")).isEmpty();

        // every event carries who, for which organization, and the request's correlation id
        List<Map<String, Object>> events = jdbc.sql("""
                        SELECT payload_type, convert_from(meta_data, 'UTF8') AS meta FROM domain_event_entry
                        WHERE aggregate_identifier = :agent ORDER BY sequence_number""")
                .param("agent", agentId).query().listOfRows();
        assertThat(events).extracting(e -> e.get("payload_type")).containsExactly(
                "ai.bvrai.api.agent.AgentCreatedEvent", "ai.bvrai.api.agent.AgentConfigurationChangedEvent",
                "ai.bvrai.api.agent.AgentPublishedEvent", "ai.bvrai.api.agent.AgentConfigurationChangedEvent",
                "ai.bvrai.api.agent.AgentPublishedEvent", "ai.bvrai.api.agent.AgentArchivedEvent",
                "ai.bvrai.api.agent.AgentRestoredEvent");
        for (Map<String, Object> event : events) {
            JsonNode meta = JSON.readTree((String) event.get("meta"));
            assertThat(meta.get("userId").asText()).isEqualTo(registered.body().get("userId").asText());
            assertThat(meta.get("organizationId").asText()).isEqualTo(organizationId);
            assertThat(meta.get("correlationId").asText()).isNotBlank();
        }
        assertThat(JSON.readTree((String) events.getFirst().get("meta")).get("correlationId").asText())
                .isEqualTo(correlationId);
    }
}
