package ai.bvrai.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An access token from Keycloak's password grant, renewed (refresh token, else a new login) well before it
 * expires, so a run longer than the token's 300 s lifetime never sends an expired token.
 */
final class TokenSource {

    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI tokenUri;
    private final Options options;

    private String accessToken;
    private String refreshToken;
    private Instant renewAt = Instant.MIN;

    TokenSource(HttpClient http, ObjectMapper json, Options options) {
        this.http = http;
        this.json = json;
        this.options = options;
        this.tokenUri = URI.create(options.keycloak() + "/realms/" + options.realm() + "/protocol/openid-connect/token");
    }

    synchronized String bearer() throws IOException, InterruptedException {
        if (Instant.now().isAfter(renewAt)) {
            JsonNode token = null;
            if (refreshToken != null) {
                token = post(Map.of("grant_type", "refresh_token", "client_id", options.clientId(),
                        "refresh_token", refreshToken), false);
            }
            if (token == null) {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "password");
                form.put("client_id", options.clientId());
                form.put("username", options.username());
                form.put("password", options.password());
                token = post(form, true);
            }
            accessToken = token.path("access_token").asText();
            refreshToken = token.path("refresh_token").asText(null);
            long lifetime = token.path("expires_in").asLong(300);
            renewAt = Instant.now().plusSeconds(Math.max(lifetime - MARGIN.toSeconds(), lifetime / 2));
        }
        return "Bearer " + accessToken;
    }

    private JsonNode post(Map<String, String> form, boolean required) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenUri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            if (required) {
                throw new IOException("Keycloak token request failed: HTTP " + response.statusCode() + " " + response.body());
            }
            return null;
        }
        return json.readTree(response.body());
    }
}
