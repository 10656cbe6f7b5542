package ai.bvrai.security;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerConverterTest {

    private final CallerConverter converter = new CallerConverter();

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("user-1")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60))
                .claim("preferred_username", "alice").claim("email", "alice@acme.test").claim("name", "Alice");
        claims.forEach(jwt::claim);
        return jwt.build();
    }

    @Test
    void givenAKeycloakToken_whenConverted_thenTheCallerHasItsOrganizationAndKnownRolesOnly() {
        CallerAuthentication authentication = converter.convert(token(Map.of(
                "realm_access", Map.of("roles", List.of("editor", "offline_access", "default-roles-bvrai")),
                "organization", Map.of("acme", Map.of("id", "org-1")))));

        Caller caller = authentication.caller();
        assertThat(caller.userId()).isEqualTo("user-1");
        assertThat(caller.organizationId()).isEqualTo("org-1");
        assertThat(caller.organizationAlias()).isEqualTo("acme");
        assertThat(caller.roles()).containsExactly("editor");
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_editor");
    }

    @Test
    void givenATokenNamingTwoOrganizations_whenConverted_thenNoneIsChosenAndTenantRoutesAreRefused() {
        Caller caller = converter.convert(token(Map.of(
                "realm_access", Map.of("roles", List.of("admin")),
                "organization", Map.of("acme", Map.of("id", "org-1"), "globex", Map.of("id", "org-2"))))).caller();

        assertThat(caller.organizationId()).isNull();
        assertThatThrownBy(caller::requireOrganization)
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_ORGANIZATION));
    }

    @Test
    void givenATokenWithOrganizationAliasesOnly_whenConverted_thenTheOrganizationIsUnknown() {
        Caller caller = converter.convert(token(Map.of("organization", List.of("acme")))).caller();

        assertThat(caller.organizationId()).isNull();
        assertThat(caller.roles()).isEmpty();
    }
}
