package ai.bvrai.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a Keycloak access token: realm roles from {@code realm_access.roles} (as {@code ROLE_admin}, …) and the
 * organization from Keycloak's organization membership claim, {@code {"acme": {"id": "…"}}}. A token naming
 * several organizations is refused an organization rather than guessed at.
 */
class CallerConverter implements Converter<Jwt, CallerAuthentication> {

    static final String ORGANIZATION_CLAIM = "organization";
    private static final Set<String> KNOWN_ROLES = Set.of(Roles.ADMIN, Roles.EDITOR, Roles.VIEWER, Roles.OPERATOR);

    @Override
    public CallerAuthentication convert(Jwt jwt) {
        Set<String> roles = realmRoles(jwt);
        Map.Entry<String, String> organization = organization(jwt);
        Caller caller = new Caller(
                jwt.getSubject(),
                jwt.getClaimAsString("preferred_username"),
                jwt.getClaimAsString("email"),
                jwt.getClaimAsString("name"),
                organization == null ? null : organization.getValue(),
                organization == null ? null : organization.getKey(),
                roles);
        List<GrantedAuthority> authorities = roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return new CallerAuthentication(jwt, caller, authorities);
    }

    private static Set<String> realmRoles(Jwt jwt) {
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        if (realmAccess == null || !(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return Set.of();
        }
        return roles.stream().map(Object::toString).filter(KNOWN_ROLES::contains).collect(Collectors.toSet());
    }

    /** alias → id of the caller's single organization, or null. */
    private static Map.Entry<String, String> organization(Jwt jwt) {
        Object claim = jwt.getClaims().get(ORGANIZATION_CLAIM);
        if (claim instanceof Map<?, ?> organizations && organizations.size() == 1) {
            Map.Entry<?, ?> only = organizations.entrySet().iterator().next();
            if (only.getValue() instanceof Map<?, ?> attributes && attributes.get("id") != null) {
                return Map.entry(only.getKey().toString(), attributes.get("id").toString());
            }
        }
        return null;
    }
}
