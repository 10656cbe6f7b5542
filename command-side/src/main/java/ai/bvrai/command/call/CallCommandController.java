package ai.bvrai.command.call;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.agent.PromptTemplate;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.telephony.FindPhoneNumberQuery;
import ai.bvrai.api.telephony.PhoneNumberView;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.infra.web.ProblemDetailsAdvice;
import ai.bvrai.command.ReadModelWaiter;
import ai.bvrai.security.CallSessionTokens;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Starting and hanging up calls. Starting a web call pins the agent's newest published version, its limits and
 * the effective template values, and answers only once the read model shows the call, so the voice runtime can
 * look it up the moment the browser connects with the session token.
 */
@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls")
@PreAuthorize(Roles.CAN_WRITE)
class CallCommandController {

    /** How long the browser has to open the audio stream with the session token. */
    static final Duration SESSION_TOKEN_VALIDITY = Duration.ofMinutes(5);
    private static final Pattern VARIABLE_NAME = Pattern.compile(PromptTemplate.VARIABLE_NAME);
    private static final int MAX_VARIABLES = 50;
    private static final int MAX_VARIABLE_LENGTH = 1_000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModelWaiter waiter;
    private final CallSessionTokens tokens;
    private final Duration connectTimeout;

    CallCommandController(CommandGateway commands, QueryGateway queries, ReadModelWaiter waiter,
                          CallSessionTokens tokens, @Value("${bvrai.calls.connect-timeout:60s}") Duration connectTimeout) {
        this.commands = commands;
        this.queries = queries;
        this.waiter = waiter;
        this.tokens = tokens;
        this.connectTimeout = connectTimeout;
    }

    @PostMapping
    @Operation(summary = "Start a call with an agent's newest published version: a web call (answers where the browser streams audio) or, with direction outbound, a phone call through Twilio")
    ResponseEntity<?> start(@AuthenticationPrincipal Caller caller, @RequestBody StartWebCallRequest request,
                            HttpServletRequest http) {
        String organizationId = caller.requireOrganization();
        CallDirection direction = direction(request.direction());
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        if (request.agentId() == null || request.agentId().isBlank()) {
            errors.add(new ErrorDetails.FieldError("agentId", "must not be blank"));
        }
        if (direction == CallDirection.OUTBOUND) {
            if (request.to() == null || !request.to().matches(AgentConfiguration.E164)) {
                errors.add(new ErrorDetails.FieldError("to", "must be an E.164 number such as +14155550100"));
            }
            if (request.from() == null || !request.from().matches(AgentConfiguration.E164)) {
                errors.add(new ErrorDetails.FieldError("from", "must be an E.164 number such as +14155550100"));
            } else {
                PhoneNumberView number = queries.query(new FindPhoneNumberQuery(request.from()), PhoneNumberView.class).join();
                if (number == null || !number.organizationId().equals(organizationId)) {
                    errors.add(new ErrorDetails.FieldError("from", "is not one of your organization's phone numbers"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        Map<String, String> requested = request.variables() == null ? Map.of() : request.variables();
        requireValidVariables(requested);

        AgentVersionView version = publishedVersionOf(organizationId, request.agentId());
        Map<String, String> variables = new HashMap<>(version.configuration().variables());
        variables.putAll(requested);
        requireEveryVariable(version, variables);

        String callId = UUID.randomUUID().toString();
        CallLimits limits = new CallLimits(version.configuration().maxCallDurationSeconds(),
                version.configuration().silenceTimeoutSeconds(), (int) Math.max(1, connectTimeout.toSeconds()));
        RequestCallCommand command = new RequestCallCommand(callId, organizationId, version.agentId(), version.version(),
                direction, request.from(), request.to(), variables, limits, null);
        boolean visible = waiter.await(new FindCallQuery(organizationId, callId), CallView.class, CallView::revision, 0L, () -> commands.sendAndWait(command)).isPresent();
        URI location = URI.create("/api/v1/calls/" + callId);
        if (direction == CallDirection.OUTBOUND) {
            // the voice runtime places the call with Twilio; its progress shows on the call
            OutboundCallStarted body = new OutboundCallStarted(callId, CallStatus.REQUESTED, version.agentId(),
                    version.version(), "outbound", request.from(), request.to());
            return (visible ? ResponseEntity.created(location) : ResponseEntity.accepted().location(location)).body(body);
        }

        String token = tokens.issue(callId, organizationId, version.agentId(), version.version(), SESSION_TOKEN_VALIDITY);
        Instant expiresAt = tokens.verify(token).orElseThrow().expiresAt();
        WebCallStarted body = new WebCallStarted(callId, CallStatus.REQUESTED, version.agentId(), version.version(),
                websocketUrl(http, callId, token), token, expiresAt);
        // the call exists either way; 202 tells the client the read model had not caught up yet
        return (visible ? ResponseEntity.created(location) : ResponseEntity.accepted().location(location)).body(body);
    }

    @PostMapping("/{callId}/hangup")
    @Operation(summary = "End the call (reason ENDED_VIA_API); hanging up an ended call changes nothing")
    ResponseEntity<CallView> hangUp(@AuthenticationPrincipal Caller caller, @PathVariable String callId) {
        String organizationId = caller.requireOrganization();
        return waiter.await(new FindCallQuery(organizationId, callId), CallView.class, CallView::revision, null,
                        () -> commands.sendAndWait(new EndCallCommand(callId, EndReason.ENDED_VIA_API, null)))
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted().location(URI.create("/api/v1/calls/" + callId)).build());
    }

    /** An unknown call id: the same answer as another organization's call. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> onUnknownCall(AggregateNotFoundException e) {
        ProblemDetail problem = ProblemDetailsAdvice.problem(new ErrorDetails(ErrorCode.CALL_NOT_FOUND,
                "No call " + e.getAggregateIdentifier() + "."));
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    /** {@code web} (the default) or {@code outbound}; inbound calls are started by the telephony provider. */
    private static CallDirection direction(String direction) {
        if (direction == null || direction.isBlank() || direction.equalsIgnoreCase("web")) {
            return CallDirection.WEB;
        }
        if (direction.equalsIgnoreCase("outbound")) {
            return CallDirection.OUTBOUND;
        }
        throw invalid(List.of(new ErrorDetails.FieldError("direction",
                "must be web or outbound (inbound calls come in through the telephony webhook)")));
    }

    private AgentVersionView publishedVersionOf(String organizationId, String agentId) {
        AgentView agent = queries.query(new FindAgentQuery(organizationId, agentId), AgentView.class).join();
        if (agent == null) {
            throw new DomainException(ErrorCode.AGENT_NOT_FOUND, "No agent " + agentId + ".");
        }
        if (agent.status() == AgentStatus.ARCHIVED) {
            throw new DomainException(ErrorCode.AGENT_ARCHIVED,
                    "Agent " + agentId + " is archived; restore it before calling it.");
        }
        if (agent.latestVersion() == null) {
            throw new DomainException(ErrorCode.AGENT_NOT_PUBLISHED,
                    "Agent " + agentId + " has no published version yet; publish it before calling it.");
        }
        AgentVersionView version = queries.query(new FindAgentVersionQuery(organizationId, agentId, agent.latestVersion()),
                AgentVersionView.class).join();
        if (version == null) {
            throw new DomainException(ErrorCode.AGENT_NOT_PUBLISHED,
                    "Agent " + agentId + " version " + agent.latestVersion() + " is not available yet; try again.");
        }
        return version;
    }

    private static void requireValidVariables(Map<String, String> variables) {
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        if (variables.size() > MAX_VARIABLES) {
            errors.add(new ErrorDetails.FieldError("variables", "must have at most " + MAX_VARIABLES + " entries"));
        }
        variables.forEach((name, value) -> {
            if (name == null || !VARIABLE_NAME.matcher(name).matches()) {
                errors.add(new ErrorDetails.FieldError("variables." + name,
                        "is not a variable name (a letter followed by letters, digits or underscores)"));
            } else if (value == null) {
                errors.add(new ErrorDetails.FieldError("variables." + name, "must not be null"));
            } else if (value.length() > MAX_VARIABLE_LENGTH) {
                errors.add(new ErrorDetails.FieldError("variables." + name,
                        "must be at most " + MAX_VARIABLE_LENGTH + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
    }

    /** Every {{variable}} the pinned prompt and first message use must have a value. */
    private static void requireEveryVariable(AgentVersionView version, Map<String, String> variables) {
        Set<String> used = new LinkedHashSet<>();
        used.addAll(PromptTemplate.parse(version.configuration().systemPrompt()).variables());
        used.addAll(PromptTemplate.parse(version.configuration().firstMessage()).variables());
        List<String> missing = used.stream()
                .filter(name -> !variables.containsKey(name) && !PromptTemplate.BUILT_INS.contains(name)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new DomainException(ErrorCode.CALL_VARIABLES_MISSING,
                    "The agent's prompt uses variables without a value: " + String.join(", ", missing) + ".",
                    missing.stream().map(name -> new ErrorDetails.FieldError("variables." + name,
                            "is used by the agent's system prompt or first message and has no value")).toList());
        }
    }

    private static DomainException invalid(List<ErrorDetails.FieldError> errors) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: "
                + String.join(", ", errors.stream().map(ErrorDetails.FieldError::field).distinct().toList()) + ".", errors);
    }

    /** The stream endpoint on the host the client reached, ws:// or wss:// like the request's own scheme. */
    private static String websocketUrl(HttpServletRequest http, String callId, String token) {
        boolean secure = http.isSecure() || "https".equalsIgnoreCase(http.getScheme());
        int port = http.getServerPort();
        boolean defaultPort = port == (secure ? 443 : 80);
        return UriComponentsBuilder.newInstance()
                .scheme(secure ? "wss" : "ws")
                .host(http.getServerName())
                .port(defaultPort ? -1 : port)
                .path(http.getContextPath())
                .path("/api/v1/calls/{callId}/stream")
                .queryParam("token", token)
                .buildAndExpand(callId)
                .toUriString();
    }
}
