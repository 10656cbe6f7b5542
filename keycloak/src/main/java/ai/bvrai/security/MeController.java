package ai.bvrai.security;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Set;
import java.util.TreeSet;

/** Who the token says the caller is. */
@RestController
@RequestMapping("/api/v1/auth")
class MeController {

    @GetMapping("/me")
    @Operation(summary = "The signed-in user, their organization and roles")
    Me me(@AuthenticationPrincipal Caller caller) {
        return new Me(caller.userId(), caller.username(), caller.email(), caller.name(),
                caller.organizationId() == null ? null : new Me.Organization(caller.organizationId(), caller.organizationAlias()),
                new TreeSet<>(caller.roles()));
    }

    record Me(String userId, String username, String email, String name, Organization organization, Set<String> roles) {
        record Organization(String id, String alias) {
        }
    }
}
