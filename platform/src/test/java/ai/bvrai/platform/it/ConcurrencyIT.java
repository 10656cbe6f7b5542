package ai.bvrai.platform.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent writers never lose an update: they are serialized, retried, or refused with 409. */
class ConcurrencyIT extends IntegrationTest {

    private static List<Api.Response> concurrently(List<Callable<Api.Response>> calls) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<Future<Api.Response>> futures = pool.invokeAll(calls);
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }

    @Test
    void givenManyEditorsChangingDifferentFieldsAtOnce_whenAllFinish_thenEveryChangeIsKept() throws Exception {
        String agentId = createAgent(Keycloak.EDDIE_EDITOR, unique("Busy"));
        Api editor = as(Keycloak.EDDIE_EDITOR);
        List<Callable<Api.Response>> changes = List.of(
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("firstMessage", "Hi from one")),
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("knowledge", "Opening hours: 9-5")),
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("silenceTimeoutSeconds", 12)),
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("maxCallDurationSeconds", 900)),
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("language", "en-GB")),
                () -> editor.patch("/api/v1/agents/" + agentId, Map.of("endCallPhrases", List.of("cheers"))));

        List<Api.Response> responses = concurrently(changes);

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        Api.Response agent = editor.get("/api/v1/agents/" + agentId);
        assertThat(agent.body().at("/configuration/firstMessage").asText()).isEqualTo("Hi from one");
        assertThat(agent.body().at("/configuration/knowledge").asText()).isEqualTo("Opening hours: 9-5");
        assertThat(agent.body().at("/configuration/silenceTimeoutSeconds").asInt()).isEqualTo(12);
        assertThat(agent.body().at("/configuration/maxCallDurationSeconds").asInt()).isEqualTo(900);
        assertThat(agent.body().at("/configuration/language").asText()).isEqualTo("en-GB");
        assertThat(agent.body().at("/configuration/endCallPhrases/0").asText()).isEqualTo("cheers");
        assertThat(agent.body().get("revision").asLong()).isEqualTo(6);
    }

    @Test
    void givenEditorsWhoReadTheSameRevision_whenAllChangeTheSameFieldWithIfMatch_thenOneWinsAndTheOthersGet409()
            throws Exception {
        String agentId = createAgent(Keycloak.EDDIE_EDITOR, unique("Contested"));
        Api editor = as(Keycloak.EDDIE_EDITOR);
        String etag = editor.get("/api/v1/agents/" + agentId).header("ETag");
        List<Callable<Api.Response>> changes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String message = "Version from editor " + i;
            changes.add(() -> editor.header("If-Match", etag).patch("/api/v1/agents/" + agentId, Map.of("firstMessage", message)));
        }

        List<Api.Response> responses = concurrently(changes);

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(4)
                .allSatisfy(r -> assertThat(r.body().get("code").asText()).isEqualTo("VERSION_CONFLICT"));
        String winner = responses.stream().filter(r -> r.status() == 200).findFirst().orElseThrow()
                .body().at("/configuration/firstMessage").asText();
        assertThat(editor.get("/api/v1/agents/" + agentId).body().at("/configuration/firstMessage").asText()).isEqualTo(winner);
    }

    @Test
    void givenSeveralCreatorsRacingForOneName_whenAllFinish_thenExactlyOneAgentHasIt() throws Exception {
        String name = unique("Only one");
        Api editor = as(Keycloak.EDDIE_EDITOR);
        List<Callable<Api.Response>> creates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String spelling = i % 2 == 0 ? name : name.toUpperCase();
            creates.add(() -> editor.post("/api/v1/agents", agent(spelling)));
        }

        List<Api.Response> responses = concurrently(creates);

        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() == 409).hasSize(5)
                .allSatisfy(r -> assertThat(r.body().get("code").asText()).isEqualTo("AGENT_NAME_TAKEN"));
        assertThat(jdbc.sql("SELECT count(*) FROM agent_name WHERE name_key = lower(:name)").param("name", name)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void givenAnotherOrganizationUsesAName_whenCreatingAnAgentWithIt_thenItIsAllowed() {
        String name = unique("Shared name");
        createAgent(Keycloak.ALICE_ADMIN, name);

        assertThat(as(Keycloak.GINA_ADMIN).post("/api/v1/agents", agent(name)).status()).isEqualTo(201);
    }
}
