package ai.bvrai.query.calls;

import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallLatencySummary;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRecordingLocation;
import ai.bvrai.api.call.CallRecordingSummary;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallSummary;
import ai.bvrai.api.call.CallTurnView;
import ai.bvrai.api.call.CallView;
import ai.bvrai.api.call.ProviderErrorView;
import ai.bvrai.api.call.ToolInvocationView;
import ai.bvrai.api.call.EndReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Entity
@Table(name = "call_view")
class CallEntity {

    @Id
    private String callId;
    private String organizationId;
    private String agentId;
    private int agentVersion;
    @Enumerated(EnumType.STRING)
    private CallDirection direction;
    @Enumerated(EnumType.STRING)
    private CallStatus status;
    @Enumerated(EnumType.STRING)
    private EndReason endReason;
    private String endDetail;
    private String fromAddress;
    private String toAddress;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private Map<String, String> variables;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private CallLimits limits;
    private Instant requestedAt;
    private Instant connectedAt;
    private Instant endedAt;
    private Long durationMs;
    private String node;
    private int turnCount;
    private String recordingLocation;
    private String recordingContentType;
    private Long recordingDurationMs;
    private Long recordingBytes;
    private long revision;
    private String timeZone;
    private String transferredTo;
    private String answeredBy;
    private String providerCallId;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private List<ToolInvocationView> toolInvocations = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private List<ProviderErrorView> providerErrors = new ArrayList<>();

    protected CallEntity() {
    }

    CallEntity(String callId, String organizationId, String agentId, int agentVersion, CallDirection direction,
               String from, String to, Map<String, String> variables, CallLimits limits, Instant requestedAt,
               String timeZone) {
        this.callId = callId;
        this.organizationId = organizationId;
        this.agentId = agentId;
        this.agentVersion = agentVersion;
        this.direction = direction;
        this.status = CallStatus.REQUESTED;
        this.fromAddress = from;
        this.toAddress = to;
        this.variables = variables;
        this.limits = limits;
        this.requestedAt = requestedAt;
        this.timeZone = timeZone;
    }

    void connected(String node, Instant at) {
        this.status = CallStatus.IN_PROGRESS;
        this.node = node;
        this.connectedAt = at;
    }

    void turnAdded() {
        this.turnCount++;
    }

    void ended(EndReason reason, String detail, long durationMs, Instant at) {
        this.status = CallStatus.ENDED;
        this.endReason = reason;
        this.endDetail = detail;
        this.durationMs = durationMs;
        this.endedAt = at;
    }

    void ringing() {
        if (status == CallStatus.REQUESTED) {
            this.status = CallStatus.RINGING;
        }
    }

    void answered(String answeredBy) {
        this.answeredBy = answeredBy;
    }

    void dialed(String providerCallId) {
        this.providerCallId = providerCallId;
    }

    void transferred(String toNumber) {
        this.transferredTo = toNumber;
    }

    /** Lists are replaced, not changed in place, so Hibernate sees the JSON column change. */
    void toolInvoked(ToolInvocationView invocation) {
        List<ToolInvocationView> all = new ArrayList<>(toolInvocations);
        all.add(invocation);
        this.toolInvocations = all;
    }

    void providerFailed(ProviderErrorView error) {
        List<ProviderErrorView> all = new ArrayList<>(providerErrors);
        all.add(error);
        this.providerErrors = all;
    }

    void recorded(String location, String contentType, long durationMs, long bytes) {
        this.recordingLocation = location;
        this.recordingContentType = contentType;
        this.recordingDurationMs = durationMs;
        this.recordingBytes = bytes;
    }

    /** Whether the event at this revision is new to the read model (redelivered events are skipped). */
    boolean isBehind(long eventRevision) {
        return revision < eventRevision;
    }

    void touched(long eventRevision) {
        this.revision = eventRevision;
    }

    String callId() {
        return callId;
    }

    String organizationId() {
        return organizationId;
    }

    CallView toView(List<CallTurnView> turns, CallLatencySummary latency) {
        CallRecordingSummary recording = recordingLocation == null ? null
                : new CallRecordingSummary(recordingContentType, recordingDurationMs, recordingBytes);
        return new CallView(callId, agentId, agentVersion, direction, status, endReason, endDetail, fromAddress,
                toAddress, variables, limits, requestedAt, connectedAt, endedAt, durationMs, node, turns, latency,
                recording, revision, timeZone, transferredTo, toolInvocations, providerErrors, answeredBy,
                providerCallId);
    }

    CallSummary toSummary() {
        return new CallSummary(callId, agentId, agentVersion, direction, status, endReason, requestedAt, connectedAt,
                endedAt, durationMs, turnCount, recordingLocation != null);
    }

    CallRecordingLocation toRecordingLocation() {
        return recordingLocation == null ? null
                : new CallRecordingLocation(callId, recordingLocation, recordingContentType, recordingBytes);
    }
}
