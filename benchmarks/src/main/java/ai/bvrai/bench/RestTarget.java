package ai.bvrai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Agent writes through the platform's REST API: {@code POST /api/v1/agents} (201 after the read model shows the
 * new agent) and {@code PATCH /api/v1/agents/{id}} (200 likewise). 202 means the command succeeded but the read
 * model did not catch up in time: it is counted as a success and reported separately. Anything else fails.
 */
final class RestTarget implements WriteTarget {

    private final HttpClient http;
    private final ObjectMapper json;
    private final TokenSource tokens;
    private final URI agents;
    private final int promptChars;

    RestTarget(HttpClient http, ObjectMapper json, TokenSource tokens, String baseUrl, int promptChars) {
        this.http = http;
        this.json = json;
        this.tokens = tokens;
        this.agents = URI.create(baseUrl + "/api/v1/agents");
        this.promptChars = promptChars;
    }

    @Override
    public Created create(int worker, String name) throws Exception {
        ObjectNode body = json.createObjectNode()
                .put("name", name)
                .put("systemPrompt", Prompts.systemPrompt(name, 0, promptChars));
        HttpResponse<String> response = send(HttpRequest.newBuilder(agents)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        int status = response.statusCode();
        if (status == 201) {
            return new Created(json.readTree(response.body()).path("agentId").asText(), false);
        }
        if (status == 202) {
            String location = response.headers().firstValue("Location").orElseThrow();
            return new Created(location.substring(location.lastIndexOf('/') + 1), true);
        }
        throw new CommandFailed(status, "POST /api/v1/agents " + response.body());
    }

    @Override
    public boolean update(int worker, String agentId, int n) throws Exception {
        ObjectNode body = json.createObjectNode().put("systemPrompt", Prompts.systemPrompt(agentId, n, promptChars));
        HttpResponse<String> response = send(HttpRequest.newBuilder(agents.resolve("agents/" + agentId))
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))));
        int status = response.statusCode();
        if (status == 200) return false;
        if (status == 202) return true;
        throw new CommandFailed(status, "PATCH /api/v1/agents/{id} " + response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", tokens.bearer())
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
