package ai.bvrai.query.calls;

import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallPage;
import ai.bvrai.api.call.CallRecordingLocation;
import ai.bvrai.api.call.CallSortField;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.FindCallQuery;
import ai.bvrai.api.call.FindCallRecordingQuery;
import ai.bvrai.api.call.FindCallsQuery;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.infra.recording.RecordingStore;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.core.io.InputStreamResource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Reads of calls, always within the caller's organization: another organization's call is a 404. */
@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "Calls")
@PreAuthorize(Roles.CAN_READ)
class CallQueryController {

    private static final MediaType AUDIO_WAV = MediaType.parseMediaType("audio/wav");

    private final QueryGateway queries;
    private final RecordingStore recordings;

    CallQueryController(QueryGateway queries, RecordingStore recordings) {
        this.queries = queries;
        this.recordings = recordings;
    }

    @GetMapping
    @Operation(summary = "A page of calls, newest first by default; q searches the transcript (case-insensitive)")
    CallPage list(@AuthenticationPrincipal Caller caller,
                  @RequestParam(required = false) String agentId,
                  @RequestParam(required = false) CallStatus status,
                  @RequestParam(required = false) CallDirection direction,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                  @RequestParam(required = false) String q,
                  @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size,
                  @RequestParam(defaultValue = "requestedAt,desc") String sort) {
        String[] parts = sort.split(",", -1);
        CallSortField field = switch (parts[0].strip()) {
            case "requestedAt" -> CallSortField.REQUESTED_AT;
            case "durationMs" -> CallSortField.DURATION_MS;
            default -> throw invalidSort();
        };
        String order = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "desc";
        if (parts.length > 2 || !(order.equals("asc") || order.equals("desc"))) {
            throw invalidSort();
        }
        return queries.query(new FindCallsQuery(caller.requireOrganization(), blankToNull(agentId), status, direction,
                from, to, blankToNull(q), page, size, field, order.equals("desc")), CallPage.class).join();
    }

    @GetMapping("/{callId}")
    @Operation(summary = "One call with its transcript in spoken order and a latency summary")
    CallView get(@AuthenticationPrincipal Caller caller, @PathVariable String callId) {
        CallView view = queries.query(new FindCallQuery(caller.requireOrganization(), callId), CallView.class).join();
        if (view == null) {
            throw callNotFound(callId);
        }
        return view;
    }

    @GetMapping("/{callId}/recording")
    @Operation(summary = "The call's recording (WAV: caller left, agent right); 404 until it is stored")
    ResponseEntity<InputStreamResource> recording(@AuthenticationPrincipal Caller caller, @PathVariable String callId) {
        CallRecordingLocation stored = queries.query(new FindCallRecordingQuery(caller.requireOrganization(), callId),
                CallRecordingLocation.class).join();
        if (stored == null) {
            if (queries.query(new FindCallQuery(caller.requireOrganization(), callId), CallView.class).join() == null) {
                throw callNotFound(callId);
            }
            throw recordingNotFound(callId);
        }
        try {
            RecordingStore.StoredRecording recording = recordings.open(stored.location())
                    .orElseThrow(() -> recordingNotFound(callId));
            MediaType type = stored.contentType() == null ? AUDIO_WAV : MediaType.parseMediaType(stored.contentType());
            return ResponseEntity.ok()
                    .contentType(type)
                    .contentLength(recording.bytes())
                    .header("Content-Disposition", "inline; filename=\"call-" + callId + ".wav\"")
                    .body(new InputStreamResource(recording.content()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the recording of call " + callId, e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static DomainException invalidSort() {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: sort.", List.of(
                new ErrorDetails.FieldError("sort", "must be requestedAt or durationMs, optionally followed by ,asc or ,desc")));
    }

    private static DomainException callNotFound(String callId) {
        return new DomainException(ErrorCode.CALL_NOT_FOUND, "No call " + callId + ".");
    }

    private static DomainException recordingNotFound(String callId) {
        return new DomainException(ErrorCode.RECORDING_NOT_FOUND, "Call " + callId + " has no recording yet.");
    }
}
