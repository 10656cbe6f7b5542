package ai.bvrai.query.audit;

import ai.bvrai.api.audit.AuditEntityType;
import ai.bvrai.api.audit.AuditPage;
import ai.bvrai.api.audit.FindAuditEntriesQuery;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Who did what to an agent, a call, or what a user did, within the caller's organization; another
 * organization's entity is a 404 like a missing one.
 */
@RestController
@RequestMapping("/api/v1/audit")
@Tag(name = "Audit")
@PreAuthorize(Roles.CAN_READ)
class AuditController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final QueryGateway queries;

    AuditController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    @Operation(summary = "The audit timeline of entity=agent:{id}, call:{id} or user:{id}, newest first")
    AuditPage timeline(@AuthenticationPrincipal Caller caller,
                       @RequestParam String entity,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                       @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                       @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        int colon = entity.indexOf(':');
        AuditEntityType type = colon < 0 ? null : switch (entity.substring(0, colon)) {
            case "agent" -> AuditEntityType.AGENT;
            case "call" -> AuditEntityType.CALL;
            case "user" -> AuditEntityType.USER;
            default -> null;
        };
        String id = colon < 0 ? "" : entity.substring(colon + 1);
        if (type == null || !ID.matcher(id).matches()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: entity.", List.of(
                    new ErrorDetails.FieldError("entity", "must be agent:{id}, call:{id} or user:{id}")));
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: to.", List.of(
                    new ErrorDetails.FieldError("to", "must be after from")));
        }
        AuditPage answer = queries.query(new FindAuditEntriesQuery(caller.requireOrganization(), type, id, from, to,
                page, size), AuditPage.class).join();
        if (answer == null) {
            throw switch (type) {
                case AGENT -> new DomainException(ErrorCode.AGENT_NOT_FOUND, "No agent " + id + ".");
                case CALL -> new DomainException(ErrorCode.CALL_NOT_FOUND, "No call " + id + ".");
                case USER -> new DomainException(ErrorCode.USER_NOT_FOUND,
                        "No activity of user " + id + " in your organization.");
            };
        }
        return answer;
    }
}
