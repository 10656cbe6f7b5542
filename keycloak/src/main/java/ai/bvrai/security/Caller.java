package ai.bvrai.security;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;

import java.util.Set;

/**
 * Who is calling the API, from the access token.
 *
 * @param userId            Keycloak user id ({@code sub})
 * @param organizationId    the tenant the caller acts for, or null for a token without organization
 * @param organizationAlias the tenant's short name, or null
 * @param roles             realm roles among admin, editor, viewer, operator
 */
public record Caller(String userId, String username, String email, String name,
                     String organizationId, String organizationAlias, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The organization every tenant-scoped request acts for; a token without one is refused (403). */
    public String requireOrganization() {
        if (organizationId == null) {
            throw new DomainException(ErrorCode.NO_ORGANIZATION, "Your account does not belong to an organization.");
        }
        return organizationId;
    }
}
