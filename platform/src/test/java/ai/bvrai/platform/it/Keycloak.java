package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Tokens from the running Keycloak, as a client of the realm would get them. */
public final class Keycloak {

    public static final String PASSWORD = "Passw0rd!";
    public static final String ACME = "3f1c2a10-0000-4000-8000-000000000001";
    public static final String GLOBEX = "3f1c2a10-0000-4000-8000-000000000002";
    public static final String ALICE_ADMIN = "alice.admin@acme.test";
    public static final String EDDIE_EDITOR = "eddie.editor@acme.test";
    public static final String VERA_VIEWER = "vera.viewer@acme.test";
    /** A viewer of acme who is also a platform operator (read models, replay). */
    public static final String OLGA_OPERATOR = "olga.operator@acme.test";
    public static final String GINA_ADMIN = "gina.admin@globex.test";

    private static final String BASE = System.getenv().getOrDefault("KEYCLOAK_URL", "http://127.0.0.1:8180");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant fetched) {
    }

    private Keycloak() {
    }

    /** A fresh-enough access token of a test user through the CLI client (cached for a minute). */
    public static String token(String username) {
        return CACHE.compute(username, (u, cached) -> cached != null
                && cached.fetched().isAfter(Instant.now().minusSeconds(60))
                ? cached
                : new Cached(passwordGrant(BASE, "bvrai", "bvrai-cli", u, PASSWORD).get("access_token").asText(),
                Instant.now())).token();
    }

    public static JsonNode passwordGrant(String base, String realm, String clientId, String username, String password) {
        return post(base + "/realms/" + realm + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password));
    }

    public static JsonNode refreshGrant(String refreshToken) {
        return post(BASE + "/realms/bvrai/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", "bvrai-cli", "refresh_token", refreshToken));
    }

    public static String clientCredentials(String clientId, String secret) {
        return post(BASE + "/realms/bvrai/protocol/openid-connect/token", Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .get("access_token").asText();
    }

    /** The same realm reached under another host name: same signing key, different issuer. */
    public static String tokenIssuedUnder(String base, String username) {
        return passwordGrant(base, "bvrai", "bvrai-cli", username, PASSWORD).get("access_token").asText();
    }

    public static String base() {
        return BASE;
    }

    private static JsonNode post(String url, Map<String, String> form) {
        Map<String, String> ordered = new LinkedHashMap<>(form);
        String body = ordered.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not reachable at " + BASE + " (start it with ./bvrai test)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
