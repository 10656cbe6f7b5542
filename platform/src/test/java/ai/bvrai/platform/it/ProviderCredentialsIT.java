package ai.bvrai.platform.it;

import ai.bvrai.api.organization.Provider;
import ai.bvrai.infra.credentials.ProviderCredentials;
import ai.bvrai.infra.credentials.ProviderSecret;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ai.bvrai.platform.it.Keycloak.ACME;
import static ai.bvrai.platform.it.Keycloak.ALICE_ADMIN;
import static ai.bvrai.platform.it.Keycloak.EDDIE_EDITOR;
import static ai.bvrai.platform.it.Keycloak.GINA_ADMIN;
import static ai.bvrai.platform.it.Keycloak.GLOBEX;
import static ai.bvrai.platform.it.Keycloak.VERA_VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/** An organization brings its own provider keys; nobody sees them again, and no other organization uses them. */
class ProviderCredentialsIT extends IntegrationTest {

    private static final String OPENAI = "/api/v1/organization/providers/openai";

    @Autowired
    ProviderCredentials credentials;

    private static String newKey() {
        return "sk-test-" + UUID.randomUUID().toString().replace("-", "");
    }

    private static JsonNode entry(Api.Response list, String provider) {
        for (JsonNode item : list.body()) {
            if (item.get("provider").asText().equals(provider)) {
                return item;
            }
        }
        throw new AssertionError("no " + provider + " in " + list);
    }

    @Test
    void givenAcmesAdmin_whenSettingAnOpenAiKey_thenOnlyAHintIsShownAndCallsOfAcmeAloneUseIt() {
        String key = newKey();
        Api.Response put = as(ALICE_ADMIN).send("PUT", OPENAI, Map.of("apiKey", key));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.text()).doesNotContain(key);
        assertThat(put.body().get("provider").asText()).isEqualTo("openai");
        assertThat(put.body().get("hint").asText()).isEqualTo("sk-…" + key.substring(key.length() - 4));
        assertThat(put.body().get("reference").asText()).isNotBlank();
        assertThat(put.body().get("updatedAt").asText()).isNotBlank();

        Api.Response list = as(VERA_VIEWER).get("/api/v1/organization/providers");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.text()).doesNotContain(key);
        assertThat(entry(list, "openai").get("configured").asBoolean()).isTrue();
        assertThat(entry(list, "openai").get("hint").asText()).isEqualTo(put.body().get("hint").asText());
        assertThat(entry(list, "deepgram").get("platformDefault").asBoolean()).isTrue();
        assertThat(entry(list, "openai").get("platformDefault").asBoolean()).isFalse();

        Api.Response globexList = as(GINA_ADMIN).get("/api/v1/organization/providers");
        assertThat(globexList.text()).doesNotContain(put.body().get("reference").asText());
        assertThat(entry(globexList, "openai").get("configured").asBoolean()).isFalse();

        assertThat(credentials.resolve(ACME, Provider.OPENAI)).get()
                .satisfies(secret -> {
                    assertThat(secret.apiKey()).contains(key);
                    assertThat(secret.source()).isEqualTo(ProviderSecret.Source.ORGANIZATION);
                    assertThat(secret.toString()).doesNotContain(key);
                });
        assertThat(credentials.resolve(GLOBEX, Provider.OPENAI)).isEmpty();
    }

    @Test
    void givenAnOrganizationWithoutItsOwnKey_whenResolving_thenThePlatformDefaultIsUsed() {
        assertThat(credentials.resolve(GLOBEX, Provider.DEEPGRAM)).get().satisfies(secret -> {
            assertThat(secret.apiKey()).contains("dg-platform-default-0000000000001");
            assertThat(secret.source()).isEqualTo(ProviderSecret.Source.PLATFORM_DEFAULT);
        });

        String key = newKey();
        assertThat(as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/deepgram", Map.of("apiKey", key))
                .status()).isEqualTo(200);
        assertThat(credentials.resolve(ACME, Provider.DEEPGRAM)).get()
                .satisfies(secret -> assertThat(secret.apiKey()).contains(key));
        assertThat(credentials.resolve(GLOBEX, Provider.DEEPGRAM)).get()
                .satisfies(secret -> assertThat(secret.apiKey()).contains("dg-platform-default-0000000000001"));
    }

    @Test
    void givenEditorsAndViewers_whenSettingCredentials_thenForbidden() {
        assertThat(as(EDDIE_EDITOR).send("PUT", OPENAI, Map.of("apiKey", newKey())).status()).isEqualTo(403);
        assertThat(as(VERA_VIEWER).send("PUT", OPENAI, Map.of("apiKey", newKey())).status()).isEqualTo(403);
        assertThat(as(EDDIE_EDITOR).delete(OPENAI).status()).isEqualTo(403);
    }

    @Test
    void givenBadInput_whenSettingCredentials_thenBadRequestWithoutEchoingTheSecret() {
        String key = newKey();
        Api.Response unknown = as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/acmeai", Map.of("apiKey", key));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.body().at("/errors/0/field").asText()).isEqualTo("provider");

        Api.Response twilio = as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/twilio",
                Map.of("apiKey", key, "accountSid", "AC0123456789"));
        assertThat(twilio.status()).as(twilio.toString()).isEqualTo(400);
        assertThat(twilio.body().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactlyInAnyOrder("apiKey", "authToken");
        assertThat(twilio.text()).doesNotContain(key);

        // Deepgram streams over a WebSocket on its API's origin: http(s) or ws(s); the others take http(s) only
        Api.Response deepgram = as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/deepgram",
                Map.of("apiKey", key, "baseUrl", "ftp://api.deepgram.com"));
        assertThat(deepgram.status()).as(deepgram.toString()).isEqualTo(400);
        assertThat(deepgram.body().at("/errors/0/message").asText()).isEqualTo("must be an http(s) or ws(s) URL");
        Api.Response openai = as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/openai",
                Map.of("apiKey", key, "baseUrl", "wss://api.openai.com"));
        assertThat(openai.status()).as(openai.toString()).isEqualTo(400);
    }

    @Test
    void givenTwilioCredentials_whenSetAndDeleted_then204ThenNotFound() {
        String token = UUID.randomUUID().toString().replace("-", "");
        Api.Response put = as(GINA_ADMIN).send("PUT", "/api/v1/organization/providers/twilio",
                Map.of("accountSid", "AC" + token, "authToken", token));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.body().get("hint").asText()).isEqualTo("…" + token.substring(token.length() - 4));
        assertThat(credentials.resolve(GLOBEX, Provider.TWILIO)).get()
                .satisfies(secret -> assertThat(secret.field("authToken")).contains(token));
        assertThat(credentials.resolve(ACME, Provider.TWILIO)).isEmpty();

        assertThat(as(ALICE_ADMIN).delete("/api/v1/organization/providers/twilio").status()).isEqualTo(404);
        assertThat(as(GINA_ADMIN).delete("/api/v1/organization/providers/twilio").status()).isEqualTo(204);
        Api.Response again = as(GINA_ADMIN).delete("/api/v1/organization/providers/twilio");
        assertThat(again.status()).as(again.toString()).isEqualTo(404);
        assertThat(again.body().get("code").asText()).isEqualTo("PROVIDER_CREDENTIALS_NOT_FOUND");
        assertThat(credentials.resolve(GLOBEX, Provider.TWILIO)).isEmpty();
    }

    @Test
    void givenAStoredKey_thenNeitherTheEventStoreNorTheCredentialsTableHoldsItsPlaintext() {
        String key = newKey();
        assertThat(as(ALICE_ADMIN).send("PUT", "/api/v1/organization/providers/anthropic", Map.of("apiKey", key))
                .status()).isEqualTo(200);
        byte[] plain = key.getBytes(StandardCharsets.UTF_8);
        String hex = HexFormat.of().formatHex(plain);

        List<byte[]> events = jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = :org")
                .param("org", ACME).query((rs, n) -> rs.getBytes(1)).list();
        assertThat(events).isNotEmpty();
        List<byte[]> metadata = jdbc.sql("SELECT meta_data FROM domain_event_entry WHERE aggregate_identifier = :org")
                .param("org", ACME).query((rs, n) -> rs.getBytes(1)).list();
        for (byte[] bytes : concat(events, metadata)) {
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(key);
        }

        List<String> rows = jdbc.sql("SELECT p::text FROM provider_credentials p").query(String.class).list();
        assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain(key).doesNotContain(hex));
        List<byte[]> ciphertexts = jdbc.sql("SELECT ciphertext FROM provider_credentials").query((rs, n) -> rs.getBytes(1)).list();
        assertThat(ciphertexts).allSatisfy(bytes ->
                assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(key));
    }

    private static List<byte[]> concat(List<byte[]> a, List<byte[]> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).filter(java.util.Objects::nonNull).toList();
    }
}
