package ai.bvrai.query.agents;

import ai.bvrai.api.agent.AgentPage;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.agent.FindAgentVersionsQuery;
import ai.bvrai.api.agent.FindAgentsQuery;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Reads of agents, always within the caller's organization: another organization's agent is a 404. */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Agents")
@PreAuthorize(Roles.CAN_READ)
class AgentQueryController {

    private final QueryGateway queries;

    AgentQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "A page of agents, newest first; archived ones only when asked for")
    AgentPage list(@AuthenticationPrincipal Caller caller,
                   @RequestParam(required = false) String name,
                   @RequestParam(required = false) AgentStatus status,
                   @RequestParam(defaultValue = "false") boolean includeArchived,
                   @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                   @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return queries.query(new FindAgentsQuery(caller.requireOrganization(), name, status, includeArchived, page, size),
                AgentPage.class).join();
    }

    @GetMapping("/{agentId}")
    @Operation(summary = "One agent with its current configuration; the ETag is its revision")
    ResponseEntity<AgentView> get(@AuthenticationPrincipal Caller caller, @PathVariable String agentId) {
        AgentView view = queries.query(new FindAgentQuery(caller.requireOrganization(), agentId), AgentView.class).join();
        if (view == null) {
            throw agentNotFound(agentId);
        }
        return ResponseEntity.ok().eTag("\"" + view.revision() + "\"").body(view);
    }

    @GetMapping("/{agentId}/versions")
    @Operation(summary = "Every published version, oldest first")
    List<AgentVersionView> versions(@AuthenticationPrincipal Caller caller, @PathVariable String agentId) {
        String organizationId = caller.requireOrganization();
        if (queries.query(new FindAgentQuery(organizationId, agentId), AgentView.class).join() == null) {
            throw agentNotFound(agentId);
        }
        return queries.query(new FindAgentVersionsQuery(organizationId, agentId),
                ResponseTypes.multipleInstancesOf(AgentVersionView.class)).join();
    }

    @GetMapping("/{agentId}/versions/{version}")
    @Operation(summary = "One published version")
    AgentVersionView version(@AuthenticationPrincipal Caller caller, @PathVariable String agentId,
                             @PathVariable @Min(1) int version) {
        AgentVersionView view = queries.query(new FindAgentVersionQuery(caller.requireOrganization(), agentId, version),
                AgentVersionView.class).join();
        if (view == null) {
            throw new DomainException(ErrorCode.AGENT_VERSION_NOT_FOUND,
                    "Agent " + agentId + " has no published version " + version + ".");
        }
        return view;
    }

    private static DomainException agentNotFound(String agentId) {
        return new DomainException(ErrorCode.AGENT_NOT_FOUND, "No agent " + agentId + ".");
    }
}
