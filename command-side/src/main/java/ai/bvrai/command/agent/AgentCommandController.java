package ai.bvrai.command.agent;

import ai.bvrai.api.agent.AgentConfigurationPatch;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.ArchiveAgentCommand;
import ai.bvrai.api.agent.ChangeAgentConfigurationCommand;
import ai.bvrai.api.agent.CreateAgentCommand;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.agent.PublishAgentCommand;
import ai.bvrai.api.agent.RestoreAgentCommand;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.command.ReadModelWaiter;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes to agents. Each write waits until the read model shows it, so the response (and any read after it)
 * already reflects the change; the {@code ETag} is the agent's revision, for {@code If-Match} on the next change.
 */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents")
@PreAuthorize(Roles.CAN_WRITE)
class AgentCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelWaiter waiter;

    AgentCommandController(CommandGateway commands, QueryGateway queries, ReadModelWaiter waiter) {
        this.commands = commands;
        this.queries = queries;
        this.waiter = waiter;
    }

    @PostMapping
    @Operation(summary = "Create a draft agent")
    ResponseEntity<AgentView> create(@AuthenticationPrincipal Caller caller, @RequestBody CreateAgentRequest request) {
        String organizationId = caller.requireOrganization();
        String agentId = UUID.randomUUID().toString();
        URI location = URI.create("/api/v1/agents/" + agentId);
        return waiter.await(new FindAgentQuery(organizationId, agentId), AgentView.class, AgentView::revision, 0L,
                        () -> commands.sendAndWait(new CreateAgentCommand(agentId, organizationId, request.toConfiguration())))
                .map(view -> ResponseEntity.created(location).eTag(etag(view)).body(view))
                .orElseGet(() -> accepted(location));
    }

    @PatchMapping("/{agentId}")
    @Operation(summary = "Change some configuration fields; send If-Match with the ETag to refuse a change based on stale data")
    ResponseEntity<AgentView> change(@AuthenticationPrincipal Caller caller, @PathVariable String agentId,
                                     @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                     @RequestBody AgentConfigurationPatch patch) {
        return respond(caller, agentId, new ChangeAgentConfigurationCommand(agentId, patch, revisionOf(ifMatch)));
    }

    @PostMapping("/{agentId}/publish")
    @Operation(summary = "Freeze the current configuration as the next immutable version")
    ResponseEntity<AgentVersionView> publish(@AuthenticationPrincipal Caller caller, @PathVariable String agentId) {
        String organizationId = caller.requireOrganization();
        return send(organizationId, agentId, new PublishAgentCommand(agentId))
                .map(view -> {
                    AgentVersionView version = queries.query(
                            new FindAgentVersionQuery(organizationId, agentId, view.latestVersion()),
                            AgentVersionView.class).join();
                    return ResponseEntity.created(URI.create("/api/v1/agents/" + agentId + "/versions/" + version.version()))
                            .eTag(etag(view)).body(version);
                })
                .orElseGet(() -> accepted(URI.create("/api/v1/agents/" + agentId + "/versions")));
    }

    @DeleteMapping("/{agentId}")
    @Operation(summary = "Archive the agent (hidden from lists by default, restorable)")
    ResponseEntity<AgentView> archive(@AuthenticationPrincipal Caller caller, @PathVariable String agentId) {
        return respond(caller, agentId, new ArchiveAgentCommand(agentId));
    }

    @PostMapping("/{agentId}/restore")
    @Operation(summary = "Bring an archived agent back")
    ResponseEntity<AgentView> restore(@AuthenticationPrincipal Caller caller, @PathVariable String agentId) {
        return respond(caller, agentId, new RestoreAgentCommand(agentId));
    }

    private ResponseEntity<AgentView> respond(Caller caller, String agentId, Object command) {
        return send(caller.requireOrganization(), agentId, command)
                .map(view -> ResponseEntity.ok().eTag(etag(view)).body(view))
                .orElseGet(() -> accepted(URI.create("/api/v1/agents/" + agentId)));
    }

    /** The command succeeded but the read model has not caught up in time: 202 and where to look. */
    private static <T> ResponseEntity<T> accepted(URI location) {
        return ResponseEntity.accepted().location(location).build();
    }

    private Optional<AgentView> send(String organizationId, String agentId, Object command) {
        return waiter.await(new FindAgentQuery(organizationId, agentId), AgentView.class, AgentView::revision, null,
                () -> commands.sendAndWait(command));
    }

    private static String etag(AgentView view) {
        return "\"" + view.revision() + "\"";
    }

    private static Long revisionOf(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        try {
            return Long.parseLong(value.replace("\"", ""));
        } catch (NumberFormatException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED,
                    "If-Match must be an ETag returned by this API, such as \"3\".");
        }
    }
}
