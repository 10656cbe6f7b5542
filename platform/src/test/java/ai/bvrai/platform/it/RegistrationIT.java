package ai.bvrai.platform.it;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationIT extends IntegrationTest {

    private static Map<String, Object> signUp(String organization, String email) {
        return Map.of("organizationName", organization, "email", email, "password", "a long enough secret",
                "firstName", "Ada", "lastName", "Lovelace");
    }

    @Test
    void givenANewEmail_whenRegistering_thenTheOrganizationIsRecordedAndItsAdminCanLogInAndRefresh() {
        String email = "ada-" + UUID.randomUUID() + "@example.test";
        Api.Response registered = api().post("/api/v1/auth/register", signUp(unique("Analytical Engines"), email));

        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String organizationId = registered.body().get("organizationId").asText();
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id AND payload_type = :type")
                .param("id", organizationId).param("type", "ai.bvrai.api.organization.OrganizationCreatedEvent")
                .query(Long.class).single()).isEqualTo(1);
        var login = Keycloak.passwordGrant(Keycloak.base(), "bvrai", "bvrai-cli", email, "a long enough secret");
        var refreshed = Keycloak.refreshGrant(login.get("refresh_token").asText());
        Api.Response me = api().as(refreshed.get("access_token").asText()).get("/api/v1/auth/me");
        assertThat(me.body().at("/organization/id").asText()).isEqualTo(organizationId);
        assertThat(me.body().get("email").asText()).isEqualTo(email);
    }

    @Test
    void givenAnEmailThatHasAnAccount_whenRegisteringAgain_thenConflictAndNoSecondOrganization() {
        String organization = unique("Dup Check");
        Api.Response second = api().post("/api/v1/auth/register", signUp(organization, Keycloak.ALICE_ADMIN));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("code").asText()).isEqualTo("EMAIL_TAKEN");
        assertThat(jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE payload_type = :type AND convert_from(payload, 'UTF8') LIKE :name")
                .param("type", "ai.bvrai.api.organization.OrganizationCreatedEvent").param("name", "%" + organization + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void givenAnOrganizationNameInUse_whenRegistering_thenConflictAndTheUserIsNotCreated() {
        String organization = unique("Taken Name");
        String firstEmail = "first-" + UUID.randomUUID() + "@example.test";
        String secondEmail = "second-" + UUID.randomUUID() + "@example.test";
        assertThat(api().post("/api/v1/auth/register", signUp(organization, firstEmail)).status()).isEqualTo(201);

        Api.Response again = api().post("/api/v1/auth/register", signUp(organization, secondEmail));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("ORGANIZATION_EXISTS");
        // the second email is still free: registering it with another organization works
        assertThat(api().post("/api/v1/auth/register", signUp(unique("Other Name"), secondEmail)).status()).isEqualTo(201);
    }

    @Test
    void givenBadInput_whenRegistering_thenEachBadFieldIsNamed() {
        Api.Response bad = api().post("/api/v1/auth/register", Map.of("organizationName", "", "email", "not-an-email",
                "password", "short", "firstName", "Ada"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("errors")).extracting(e -> e.get("field").asText())
                .contains("organizationName", "email", "password", "lastName");
    }
}
