package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.GINA_ADMIN;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dashboard's live call status: a server-sent event stream of the caller's organization's call changes. */
class LiveCallsIT extends IntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The events of one open stream, as they arrive. */
    private record EventStream(List<JsonNode> events, CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response) {

        List<String> callIds() {
            return events.stream().filter(e -> e.path("type").asText().equals("call"))
                    .map(e -> e.path("call").path("callId").asText()).toList();
        }

        List<String> statusesOf(String callId) {
            return events.stream().filter(e -> e.path("call").path("callId").asText().equals(callId))
                    .map(e -> e.path("call").path("status").asText()).toList();
        }

        void close() {
            response.thenAccept(r -> r.body().close());
            response.cancel(true);
        }
    }

    private EventStream open(String username) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/calls/live"))
                .header("Authorization", "Bearer " + Keycloak.token(username))
                .header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> response =
                HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> r.body()
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> events.add(parse(line.substring(5).strip()))));
        EventStream stream = new EventStream(events, response);
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.path("type").asText().equals("connected")));
        return stream;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String publishedAgent(String username) {
        String agentId = createAgent(username, unique("Live"));
        assertThat(as(username).post("/api/v1/agents/" + agentId + "/publish", null).status()).isEqualTo(201);
        return agentId;
    }

    @Test
    void givenTwoOrganizationsWatching_whenACallStartsAndEnds_thenOnlyItsOrganizationSeesItsStatusChange() {
        String acmeAgent = publishedAgent(ALICE_ADMIN);
        String globexAgent = publishedAgent(GINA_ADMIN);
        EventStream acme = open(VERA_VIEWER);
        EventStream globex = open(GINA_ADMIN);
        try {
            String acmeCall = as(ALICE_ADMIN).post("/api/v1/calls", Map.of("agentId", acmeAgent)).body().get("callId").asText();
            as(ALICE_ADMIN).post("/api/v1/calls/" + acmeCall + "/hangup", null);
            // a later globex call: once globex has seen it, it would have seen the earlier acme changes too
            String globexCall = as(GINA_ADMIN).post("/api/v1/calls", Map.of("agentId", globexAgent)).body().get("callId").asText();

            await().atMost(Duration.ofSeconds(15)).until(() -> acme.statusesOf(acmeCall).contains("ENDED"));
            assertThat(acme.statusesOf(acmeCall)).startsWith("REQUESTED");
            await().atMost(Duration.ofSeconds(15)).until(() -> globex.callIds().contains(globexCall));
            assertThat(globex.callIds()).doesNotContain(acmeCall);
            assertThat(acme.callIds()).doesNotContain(globexCall);
            as(GINA_ADMIN).post("/api/v1/calls/" + globexCall + "/hangup", null);
        } finally {
            acme.close();
            globex.close();
        }
    }

    @Test
    void givenNoToken_whenOpeningTheLiveStream_thenItIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/calls/live")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }
}
