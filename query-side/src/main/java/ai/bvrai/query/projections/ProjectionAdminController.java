package ai.bvrai.query.projections;

import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The event processors of this node and the replay of read models. Platform-wide — a replay rebuilds the read
 * model of every organization — so it needs the platform's {@code operator} role, not an organization's admin.
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
@Tag(name = "Administration")
@PreAuthorize(ProjectionAdminController.IS_OPERATOR)
class ProjectionAdminController {

    static final String IS_OPERATOR = "hasRole('" + Roles.OPERATOR + "')";

    private final ProjectionMonitor monitor;

    ProjectionAdminController(ProjectionMonitor monitor) {
        this.monitor = monitor;
    }

    @GetMapping
    @Operation(summary = "Each event processor: position against the head, events/s, estimated time left")
    List<ProjectionMonitor.ProcessorStatus> list() {
        return monitor.all();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One event processor's position, rate and estimated time left")
    ProjectionMonitor.ProcessorStatus get(@PathVariable String name) {
        return monitor.status(name);
    }

    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Clear a query-side read model and rebuild it from the whole event store (asynchronous)")
    ProjectionMonitor.ProcessorStatus replay(@PathVariable String name) {
        return monitor.replay(name);
    }
}
