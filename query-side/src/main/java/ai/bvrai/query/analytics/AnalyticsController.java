package ai.bvrai.query.analytics;

import ai.bvrai.api.analytics.AgentBreakdownView;
import ai.bvrai.api.analytics.AnalyticsFilter;
import ai.bvrai.api.analytics.AnalyticsInterval;
import ai.bvrai.api.analytics.CallOutcomesView;
import ai.bvrai.api.analytics.CallVolumeSeries;
import ai.bvrai.api.analytics.FindAgentBreakdownQuery;
import ai.bvrai.api.analytics.FindCallOutcomesQuery;
import ai.bvrai.api.analytics.FindCallVolumeQuery;
import ai.bvrai.api.analytics.FindLatencyPercentilesQuery;
import ai.bvrai.api.analytics.LatencyPercentilesView;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.security.Caller;
import ai.bvrai.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Analytics of the caller's organization, as JSON series a chart can plot directly. Every route takes
 * {@code from} and {@code to} (local dates, both inclusive, in the organization's time zone), optional
 * {@code agentId} and {@code agentVersion}, and says in {@code readModel} whether the numbers are complete.
 */
@RestController
@RequestMapping("/api/v1/analytics")
@Tag(name = "Analytics")
@PreAuthorize(Roles.CAN_READ)
class AnalyticsController {

    static final int MAX_DAYS = 366;
    static final int MAX_HOURLY_DAYS = 31;

    private final QueryGateway queries;

    AnalyticsController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/calls")
    @Operation(summary = "Calls, connected and ended calls, duration and talk time per day or hour (interval=day|hour)")
    CallVolumeSeries calls(@AuthenticationPrincipal Caller caller,
                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                           @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                           @RequestParam(required = false) String agentId,
                           @RequestParam(required = false) Integer agentVersion,
                           @RequestParam(defaultValue = "day") String interval) {
        AnalyticsInterval width = switch (interval.strip().toLowerCase(Locale.ROOT)) {
            case "day" -> AnalyticsInterval.DAY;
            case "hour" -> AnalyticsInterval.HOUR;
            default -> throw invalid("interval", "must be day or hour");
        };
        AnalyticsFilter filter = filter(caller, from, to, agentId, agentVersion,
                width == AnalyticsInterval.HOUR ? MAX_HOURLY_DAYS : MAX_DAYS);
        return queries.query(new FindCallVolumeQuery(filter, width), CallVolumeSeries.class).join();
    }

    @GetMapping("/outcomes")
    @Operation(summary = "End reasons and the duration histogram of the ended calls")
    CallOutcomesView outcomes(@AuthenticationPrincipal Caller caller,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                              @RequestParam(required = false) String agentId,
                              @RequestParam(required = false) Integer agentVersion) {
        return queries.query(new FindCallOutcomesQuery(filter(caller, from, to, agentId, agentVersion, MAX_DAYS)),
                CallOutcomesView.class).join();
    }

    @GetMapping("/agents")
    @Operation(summary = "Calls, outcomes, duration and talk time per agent and agent version")
    AgentBreakdownView agents(@AuthenticationPrincipal Caller caller,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                              @RequestParam(required = false) String agentId,
                              @RequestParam(required = false) Integer agentVersion) {
        return queries.query(new FindAgentBreakdownQuery(filter(caller, from, to, agentId, agentVersion, MAX_DAYS)),
                AgentBreakdownView.class).join();
    }

    @GetMapping("/latency")
    @Operation(summary = "p50/p90/p95/p99 of the agent turns' latency per pipeline stage")
    LatencyPercentilesView latency(@AuthenticationPrincipal Caller caller,
                                   @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                   @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                   @RequestParam(required = false) String agentId,
                                   @RequestParam(required = false) Integer agentVersion) {
        return queries.query(new FindLatencyPercentilesQuery(filter(caller, from, to, agentId, agentVersion, MAX_DAYS)),
                LatencyPercentilesView.class).join();
    }

    private static AnalyticsFilter filter(Caller caller, LocalDate from, LocalDate to, String agentId,
                                          Integer agentVersion, int maxDays) {
        if (to.isBefore(from)) {
            throw invalid("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) >= maxDays) {
            throw invalid("to", "the range may span at most " + maxDays + " days");
        }
        if (agentVersion != null && agentVersion < 1) {
            throw invalid("agentVersion", "must be 1 or more");
        }
        String agent = agentId == null || agentId.isBlank() ? null : agentId.strip();
        return new AnalyticsFilter(caller.requireOrganization(), from, to, agent, agentVersion);
    }

    private static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: " + field + ".",
                List.of(new ErrorDetails.FieldError(field, message)));
    }
}
