package ai.bvrai.voice.transport.twilio;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentStatus;
import ai.bvrai.api.agent.AgentVersionView;
import ai.bvrai.api.agent.AgentView;
import ai.bvrai.api.agent.FindAgentQuery;
import ai.bvrai.api.agent.FindAgentVersionQuery;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.RecordPhoneCallEndedCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.api.call.RecordCallAnsweredCommand;
import ai.bvrai.api.call.RecordCallRingingCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.api.telephony.FindPhoneNumberQuery;
import ai.bvrai.api.telephony.PhoneNumberView;
import ai.bvrai.infra.web.ProblemDetailsAdvice;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Twilio's voice webhook for the organizations' numbers. Every request must carry Twilio's signature made with the
 * auth token of the organization the called number belongs to; anything else is refused (403) before anything is
 * stored. A number nobody attached gets a polite TwiML answer and leaves no trace.
 */
@RestController
@RequestMapping("/api/v1/telephony/twilio")
@Tag(name = "Telephony (Twilio webhooks)")
class TwilioWebhookController {

    static final String VOICE_PATH = "/api/v1/telephony/twilio/voice";
    static final String MEDIA_PATH = "/api/v1/telephony/twilio/media";

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhookController.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    static final String UNKNOWN_NUMBER = "Sorry, this number is not in service. Goodbye.";
    static final String AGENT_UNAVAILABLE = "Sorry, nobody can take your call right now. Please try again later. Goodbye.";

    private final TwilioAccounts accounts;
    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Duration connectTimeout;

    TwilioWebhookController(TwilioAccounts accounts, QueryGateway queries, CommandGateway commands,
                            @Value("${bvrai.calls.connect-timeout:60s}") Duration connectTimeout) {
        this.accounts = accounts;
        this.queries = queries;
        this.commands = commands;
        this.connectTimeout = connectTimeout;
    }

    @PostMapping("/voice")
    @Operation(summary = "Twilio's voice webhook (signed by Twilio): answers an incoming call with the number's agent over Media Streams")
    ResponseEntity<?> incoming(HttpServletRequest request) {
        Map<String, List<String>> params = params(request);
        String to = first(params, "To");
        PhoneNumberView number = to == null ? null
                : queries.query(new FindPhoneNumberQuery(to), PhoneNumberView.class).orTimeout(QUERY_TIMEOUT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS).join();
        if (number == null) {
            if (request.getHeader(TwilioSignature.HEADER) == null) {
                return refused();
            }
            log.info("Incoming call to a number nobody attached");
            return twiml(TwiML.sayAndHangUp(UNKNOWN_NUMBER));
        }
        String organizationId = number.organizationId();
        if (!signed(request, organizationId, params)) {
            return refused();
        }
        Optional<AgentVersionView> version = publishedVersion(organizationId, number.agentId());
        if (version.isEmpty()) {
            log.info("Incoming call to {} for agent {}, which has no published version", to, number.agentId());
            return twiml(TwiML.sayAndHangUp(AGENT_UNAVAILABLE));
        }
        AgentVersionView agent = version.get();
        String callId = UUID.randomUUID().toString();
        CallLimits limits = new CallLimits(agent.configuration().maxCallDurationSeconds(),
                agent.configuration().silenceTimeoutSeconds(), (int) Math.max(1, connectTimeout.toSeconds()));
        RequestCallCommand command = new RequestCallCommand(callId, organizationId, agent.agentId(), agent.version(),
                CallDirection.INBOUND, first(params, "From"), to, agent.configuration().variables(), limits, null);
        send(organizationId, command);
        log.info("Incoming call {} to agent {} v{}", callId, agent.agentId(), agent.version());
        String streamUrl = accounts.webSocketUrl(base(request), MEDIA_PATH + "/" + organizationId + "/" + callId);
        return twiml(TwiML.connectStream(streamUrl, callId));
    }

    @PostMapping("/outbound/{organizationId}/{callId}")
    @Operation(summary = "Twilio's request for the TwiML of an answered outbound call (signed by Twilio): connects it to Media Streams")
    ResponseEntity<?> answered(@PathVariable String organizationId, @PathVariable String callId, HttpServletRequest request) {
        Map<String, List<String>> params = params(request);
        if (!signed(request, organizationId, params)) {
            return refused();
        }
        CallView call = queries.query(new FindCallQuery(organizationId, callId), CallView.class).join();
        if (call == null || call.direction() != CallDirection.OUTBOUND || call.status() == CallStatus.ENDED) {
            return twiml(TwiML.hangUp());
        }
        send(organizationId, new RecordCallAnsweredCommand(callId, first(params, "AnsweredBy")));
        String streamUrl = accounts.webSocketUrl(base(request), MEDIA_PATH + "/" + organizationId + "/" + callId);
        return twiml(TwiML.connectStream(streamUrl, callId));
    }

    @PostMapping("/status/{organizationId}/{callId}")
    @Operation(summary = "Twilio's status callback of an outbound call (signed by Twilio): ringing, answered, busy, no answer, failed, completed")
    ResponseEntity<?> status(@PathVariable String organizationId, @PathVariable String callId, HttpServletRequest request) {
        Map<String, List<String>> params = params(request);
        if (!signed(request, organizationId, params)) {
            return refused();
        }
        String status = String.valueOf(first(params, "CallStatus"));
        log.info("Call {}: Twilio reports {}", callId, status);
        try {
            switch (status) {
                case "ringing" -> send(organizationId, new RecordCallRingingCommand(callId));
                case "in-progress", "answered" -> send(organizationId, new RecordCallAnsweredCommand(callId, first(params, "AnsweredBy")));
                case "busy" -> send(organizationId, new RecordPhoneCallEndedCommand(callId, EndReason.BUSY, null));
                case "no-answer" -> send(organizationId, new RecordPhoneCallEndedCommand(callId, EndReason.NO_ANSWER, null));
                // normally the platform's own cancel (then the call has ended already: nothing changes)
                case "canceled" -> send(organizationId, new RecordPhoneCallEndedCommand(callId, EndReason.ENDED_VIA_API, "canceled"));
                case "failed" -> send(organizationId, new RecordPhoneCallEndedCommand(callId, EndReason.FAILED,
                        first(params, "ErrorCode") == null ? null : "Twilio error " + first(params, "ErrorCode")));
                // the media stream's stop normally ended it first; this is for calls that never reached the stream
                case "completed" -> send(organizationId, new RecordPhoneCallEndedCommand(callId, EndReason.CALLER_HUNG_UP, null));
                default -> {
                    // queued, initiated: nothing happened to the call yet
                }
            }
        } catch (AggregateNotFoundException | CommandExecutionException e) {
            log.info("Call {}: status {} not recorded ({})", callId, status, e.getMessage());
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemDetailsAdvice.problem(new ErrorDetails(ErrorCode.CALL_NOT_FOUND, "No call " + callId + ".")));
        }
        return ResponseEntity.noContent().build();
    }

    private void send(String organizationId, Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(MetadataKeys.ORGANIZATION_ID, organizationId)));
    }

    private Optional<AgentVersionView> publishedVersion(String organizationId, String agentId) {
        AgentView agent = queries.query(new FindAgentQuery(organizationId, agentId), AgentView.class).join();
        if (agent == null || agent.status() == AgentStatus.ARCHIVED || agent.latestVersion() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(queries.query(new FindAgentVersionQuery(organizationId, agentId, agent.latestVersion()),
                AgentVersionView.class).join());
    }

    /** Whether the request carries Twilio's signature with the organization's auth token over the public URL. */
    boolean signed(HttpServletRequest request, String organizationId, Map<String, List<String>> params) {
        Optional<TwilioRestClient.Account> account = accounts.account(organizationId);
        if (account.isEmpty()) {
            log.warn("A Twilio request for organization {}, which has no Twilio credentials: refused", organizationId);
            return false;
        }
        String url = base(request) + request.getRequestURI().substring(request.getContextPath().length())
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        boolean valid = TwilioSignature.valid(account.get().authToken(), url, params,
                request.getHeader(TwilioSignature.HEADER));
        if (!valid) {
            log.warn("A Twilio request with a missing or wrong signature for {}: refused", request.getRequestURI());
        }
        return valid;
    }

    /** The platform's public base URL: configured, else (no proxy in front) the one this request reached. */
    String base(HttpServletRequest request) {
        return accounts.publicBaseUrl().orElseGet(() ->
                ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
    }

    /** The POST body's parameters (the query string, which Twilio signs as part of the URL, excluded). */
    static Map<String, List<String>> params(HttpServletRequest request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> params.put(name, Arrays.asList(values)));
        if (request.getQueryString() != null) {
            org.springframework.web.util.UriComponentsBuilder.fromUriString("?" + request.getQueryString()).build()
                    .getQueryParams().keySet().forEach(params::remove);
        }
        return params;
    }

    static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    static ResponseEntity<String> twiml(String body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(body);
    }

    static ResponseEntity<ProblemDetail> refused() {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetailsAdvice.problem(new ErrorDetails(ErrorCode.TELEPHONY_SIGNATURE_INVALID,
                        "The request does not carry a valid Twilio signature.")));
    }
}
