package ai.bvrai.command.organization;

import ai.bvrai.api.organization.ChangeOrganizationSettingsCommand;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An organization's settings: its time zone (prompts' date and time, analytics' days). */
@RestController
@RequestMapping("/api/v1/organization/settings")
@Tag(name = "Organization")
class OrganizationSettingsController {

    private final CommandGateway commands;
    private final OrganizationSettingsStore settings;

    OrganizationSettingsController(CommandGateway commands, OrganizationSettingsStore settings) {
        this.commands = commands;
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize(Roles.CAN_READ)
    @Operation(summary = "Your organization's settings")
    OrganizationSettings get(@AuthenticationPrincipal Caller caller) {
        return new OrganizationSettings(settings.timeZone(caller.requireOrganization()));
    }

    @PutMapping
    @PreAuthorize(Roles.IS_ADMIN)
    @Operation(summary = "Change your organization's settings (timeZone: an IANA id such as Europe/Berlin)")
    OrganizationSettings put(@AuthenticationPrincipal Caller caller, @RequestBody OrganizationSettings request) {
        String organizationId = caller.requireOrganization();
        commands.sendAndWait(new ChangeOrganizationSettingsCommand(organizationId, request.timeZone()));
        return new OrganizationSettings(settings.timeZone(organizationId));
    }

    record OrganizationSettings(String timeZone) {
    }
}
