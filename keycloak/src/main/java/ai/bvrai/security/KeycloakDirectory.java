package ai.bvrai.security;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Organizations and users in Keycloak, through its admin REST API with the platform's confidential admin
 * client (client credentials). Registration either completes whole or undoes what it created.
 */
public class KeycloakDirectory {

    private static final Logger log = LoggerFactory.getLogger(KeycloakDirectory.class);

    private final SecurityProperties properties;
    private final RestClient http;
    private volatile String accessToken;
    private volatile Instant accessTokenExpiry = Instant.EPOCH;

    public KeycloakDirectory(SecurityProperties properties) {
        this.properties = properties;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(5));
        requests.setReadTimeout(Duration.ofSeconds(15));
        this.http = RestClient.builder().requestFactory(requests).baseUrl(properties.serverUrl().toString()).build();
    }

    /** What registration created. */
    public record Registration(String organizationId, String organizationAlias, String userId) {
    }

    /**
     * Creates an organization and its first user, who becomes its admin.
     *
     * @throws DomainException EMAIL_TAKEN, ORGANIZATION_EXISTS, or IDENTITY_PROVIDER_UNAVAILABLE
     */
    public Registration register(String organizationName, String alias, String email, String firstName,
                                 String lastName, String password) {
        if (userExists(email)) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
        }
        String organizationId = call(() -> createOrganization(organizationName, alias));
        String userId = null;
        try {
            userId = call(() -> createUser(email, firstName, lastName, password));
            String createdUser = userId;
            call(() -> addMember(organizationId, createdUser));
            call(() -> grantRealmRole(createdUser, Roles.ADMIN));
            return new Registration(organizationId, alias, userId);
        } catch (RuntimeException e) {
            unregister(new Registration(organizationId, alias, userId));
            throw e;
        }
    }

    /** Removes what {@link #register} created; used when a later step of registration fails. */
    public void unregister(Registration registration) {
        try {
            if (registration.userId() != null) {
                admin().delete().uri("/users/{id}", registration.userId()).retrieve().toBodilessEntity();
            }
            admin().delete().uri("/organizations/{id}", registration.organizationId()).retrieve().toBodilessEntity();
        } catch (RuntimeException e) {
            log.error("Could not undo registration of organization {}: {}", registration.organizationId(), e.toString());
        }
    }

    /**
     * The user's display name ("First Last", else the username), or empty when Keycloak has no such user.
     *
     * @throws DomainException IDENTITY_PROVIDER_UNAVAILABLE when Keycloak cannot answer
     */
    public java.util.Optional<String> displayName(String userId) {
        try {
            Map<?, ?> user = call(() -> admin().get().uri("/users/{id}", userId).retrieve().body(Map.class));
            if (user == null) {
                return java.util.Optional.empty();
            }
            String name = (String.valueOf(user.get("firstName") == null ? "" : user.get("firstName")) + " "
                    + (user.get("lastName") == null ? "" : user.get("lastName"))).strip();
            return java.util.Optional.of(name.isEmpty() ? String.valueOf(user.get("username")) : name);
        } catch (HttpClientErrorException.NotFound e) {
            return java.util.Optional.empty();
        }
    }

    private boolean userExists(String email) {
        List<?> users = call(() -> admin().get()
                .uri(uri -> uri.path("/users").queryParam("email", email).queryParam("exact", true).build())
                .retrieve().body(List.class));
        return users != null && !users.isEmpty();
    }

    private String createOrganization(String name, String alias) {
        try {
            ResponseEntity<Void> created = admin().post().uri("/organizations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("name", name, "alias", alias, "enabled", true))
                    .retrieve().toBodilessEntity();
            return idFrom(created);
        } catch (HttpClientErrorException.Conflict e) {
            throw new DomainException(ErrorCode.ORGANIZATION_EXISTS,
                    "An organization named '" + name + "' already exists.");
        }
    }

    private String createUser(String email, String firstName, String lastName, String password) {
        try {
            ResponseEntity<Void> created = admin().post().uri("/users")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of(
                            "username", email,
                            "email", email,
                            "firstName", firstName,
                            "lastName", lastName,
                            "enabled", true,
                            "emailVerified", true,
                            "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))))
                    .retrieve().toBodilessEntity();
            return idFrom(created);
        } catch (HttpClientErrorException.Conflict e) {
            throw new DomainException(ErrorCode.EMAIL_TAKEN, "An account with this email already exists.");
        } catch (HttpClientErrorException.BadRequest e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "The identity provider refused the account: " + e.getResponseBodyAsString());
        }
    }

    private Void addMember(String organizationId, String userId) {
        admin().post().uri("/organizations/{id}/members", organizationId)
                .contentType(MediaType.APPLICATION_JSON)
                .body("\"" + userId + "\"")
                .retrieve().toBodilessEntity();
        return null;
    }

    private Void grantRealmRole(String userId, String role) {
        Map<?, ?> representation = admin().get().uri("/roles/{role}", role).retrieve().body(Map.class);
        admin().post().uri("/users/{id}/role-mappings/realm", userId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(List.of(representation))
                .retrieve().toBodilessEntity();
        return null;
    }

    /** A client whose relative URIs are under the realm's admin API, authenticated as the admin client. */
    private RestClient admin() {
        String base = properties.serverUrl() + "/admin/realms/" + properties.realm();
        return http.mutate()
                .uriBuilderFactory(new org.springframework.web.util.DefaultUriBuilderFactory(base))
                .defaultHeaders(headers -> headers.setBearerAuth(token()))
                .build();
    }

    private String token() {
        if (accessToken != null && Instant.now().isBefore(accessTokenExpiry)) {
            return accessToken;
        }
        if (properties.admin().clientSecret() == null) {
            throw new DomainException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
                    "Registration is not configured on this server (no admin client secret).");
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        form.add("client_id", properties.admin().clientId());
        form.add("client_secret", properties.admin().clientSecret());
        Map<?, ?> response = call(() -> http.post()
                .uri("/realms/{realm}/protocol/openid-connect/token", properties.realm())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve().body(Map.class));
        accessToken = (String) response.get("access_token");
        long expiresIn = ((Number) response.get("expires_in")).longValue();
        accessTokenExpiry = Instant.now().plusSeconds(Math.max(0, expiresIn - 30));
        return accessToken;
    }

    private static String idFrom(ResponseEntity<Void> created) {
        URI location = created.getHeaders().getLocation();
        if (location == null) {
            throw new IllegalStateException("Keycloak answered " + created.getStatusCode() + " without a Location");
        }
        String path = location.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Keycloak being down or failing is the platform's problem, not the caller's: a 503, never a 500. */
    private static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (DomainException e) {
            throw e;
        } catch (ResourceAccessException e) {
            throw unavailable(e);
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().is5xxServerError() || e.getStatusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)
                    || e.getStatusCode().isSameCodeAs(HttpStatus.FORBIDDEN)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    private static DomainException unavailable(Exception e) {
        log.error("Keycloak admin API failed: {}", e.toString());
        return new DomainException(ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE,
                "The identity provider is not reachable right now; nothing was created. Try again shortly.");
    }
}
