package ai.bvrai.command.telephony;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.api.telephony.AttachPhoneNumberCommand;
import ai.bvrai.api.telephony.DetachPhoneNumberCommand;
import ai.bvrai.api.telephony.FindPhoneNumberQuery;
import ai.bvrai.api.telephony.PhoneNumberView;
import ai.bvrai.command.ReadModelWaiter;
import ai.bvrai.infra.web.ProblemDetailsAdvice;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Attaching the organization's phone numbers to its agents and giving them up. The organization's Twilio account
 * ({@code PUT /api/v1/organization/providers/twilio}) signs the calls to its numbers. Reads are on the query side.
 */
@RestController
@RequestMapping("/api/v1/phone-numbers")
@Tag(name = "Phone numbers")
@PreAuthorize(Roles.CAN_WRITE)
class PhoneNumberCommandController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelWaiter waiter;

    PhoneNumberCommandController(CommandGateway commands, QueryGateway queries, ReadModelWaiter waiter) {
        this.commands = commands;
        this.queries = queries;
        this.waiter = waiter;
    }

    /** The body of {@code POST /api/v1/phone-numbers}. */
    record AttachPhoneNumberRequest(String number, String agentId) {
    }

    @PostMapping
    @Operation(summary = "Attach an E.164 number to one of your agents; calls to it are answered by the agent's newest published version")
    ResponseEntity<PhoneNumberView> attach(@AuthenticationPrincipal Caller caller, @RequestBody AttachPhoneNumberRequest request) {
        String organizationId = caller.requireOrganization();
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        if (request.number() == null || !request.number().matches(AgentConfiguration.E164)) {
            errors.add(new ErrorDetails.FieldError("number", "must be an E.164 number such as +14155550100"));
        }
        if (request.agentId() == null || request.agentId().isBlank()) {
            errors.add(new ErrorDetails.FieldError("agentId", "must not be blank"));
        }
        if (!errors.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: "
                    + String.join(", ", errors.stream().map(ErrorDetails.FieldError::field).toList()) + ".", errors);
        }
        AgentView agent = queries.query(new FindAgentQuery(organizationId, request.agentId()), AgentView.class).join();
        if (agent == null) {
            throw new DomainException(ErrorCode.AGENT_NOT_FOUND, "No agent " + request.agentId() + ".");
        }
        String phoneNumberId = UUID.randomUUID().toString();
        URI location = URI.create("/api/v1/phone-numbers/" + phoneNumberId);
        return waiter.await(new FindPhoneNumberQuery(request.number()), PhoneNumberView.class, PhoneNumberView::revision, 0L,
                        () -> commands.sendAndWait(new AttachPhoneNumberCommand(phoneNumberId, organizationId,
                                request.number(), request.agentId())))
                .map(view -> ResponseEntity.created(location).body(view))
                .orElseGet(() -> ResponseEntity.accepted().location(location).build());
    }

    @DeleteMapping("/{phoneNumberId}")
    @Operation(summary = "Give the number up: calls to it are no longer answered")
    ResponseEntity<Void> detach(@AuthenticationPrincipal Caller caller, @PathVariable String phoneNumberId) {
        caller.requireOrganization();
        commands.sendAndWait(new DetachPhoneNumberCommand(phoneNumberId));
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> onUnknownNumber(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetailsAdvice.problem(
                new ErrorDetails(ErrorCode.PHONE_NUMBER_NOT_FOUND, "No phone number " + e.getAggregateIdentifier() + ".")));
    }
}
