package ai.bvrai.command.organization;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.organization.CreateOrganizationCommand;
import ai.bvrai.security.KeycloakDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Self-service sign-up: a new organization with its first admin, in Keycloak and in the event store.
 * Public by necessity (the caller has no account yet). If recording the organization fails, the Keycloak
 * organization and user are removed again: no half-registered tenant is left behind.
 */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication")
class RegistrationController {

    private final KeycloakDirectory directory;
    private final CommandGateway commands;

    RegistrationController(KeycloakDirectory directory, CommandGateway commands) {
        this.directory = directory;
        this.commands = commands;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(summary = "Create an organization and its first admin; then log in through Keycloak's token endpoint")
    RegistrationResponse register(@Valid @RequestBody RegistrationRequest request) {
        String alias = request.alias();
        KeycloakDirectory.Registration registration = directory.register(request.organizationName().strip(), alias,
                request.email().strip().toLowerCase(java.util.Locale.ROOT), request.firstName().strip(),
                request.lastName().strip(), request.password());
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                            new CreateOrganizationCommand(registration.organizationId(), request.organizationName().strip(), alias))
                    .andMetaData(MetaData.from(Map.of(
                            MetadataKeys.USER_ID, registration.userId(),
                            MetadataKeys.ORGANIZATION_ID, registration.organizationId()))));
        } catch (RuntimeException e) {
            directory.unregister(registration);
            throw e;
        }
        return new RegistrationResponse(registration.organizationId(), alias, registration.userId(),
                request.email().strip().toLowerCase(java.util.Locale.ROOT));
    }

    record RegistrationResponse(String organizationId, String organizationAlias, String userId, String email) {
    }
}
