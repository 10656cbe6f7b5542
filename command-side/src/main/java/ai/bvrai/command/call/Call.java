package ai.bvrai.command.call;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallAnsweredEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallDialedEvent;
import ai.bvrai.api.call.DialedCallHangUpRequestedEvent;
import ai.bvrai.api.call.RecordCallDialedCommand;
import ai.bvrai.api.call.RecordPhoneCallEndedCommand;
import ai.bvrai.api.call.CallRingingEvent;
import ai.bvrai.api.call.RecordCallAnsweredCommand;
import ai.bvrai.api.call.RecordCallRingingCommand;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallRecordingStoredEvent;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.CallStatus;
import ai.bvrai.api.call.CallTransferredEvent;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.ProviderErrorRecordedEvent;
import ai.bvrai.api.call.RecordProviderErrorCommand;
import ai.bvrai.api.call.RecordToolInvocationCommand;
import ai.bvrai.api.call.ToolInvokedEvent;
import ai.bvrai.api.call.TransferCallCommand;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.call.StoreCallRecordingCommand;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.command.organization.OrganizationSettingsStore;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One call: requested, then in progress once the caller's audio connects, then ended. Every command handler
 * answers the call's revision (the sequence number of its newest event) so the API can wait for the read model.
 * <p>
 * Rules:
 * <ul>
 *   <li>Connecting twice from the same node is a no-op; from another node, or once ended, it is refused.</li>
 *   <li>Turns are recorded only while the call is in progress. Turn numbers increase strictly <em>per speaker</em>
 *       (the runtime may number a caller turn and the agent's answer to it alike); repeating the newest turn of a
 *       speaker with the same content is a no-op (a retried command), anything else out of order is refused.</li>
 *   <li>Ending an ended call is a no-op: the first reason stands.</li>
 *   <li>An outbound phone call the provider dialed ({@code CallDialedEvent}) that ends on the platform before a voice
 *       session connected to it is hung up at the provider: the end is followed by
 *       {@code DialedCallHangUpRequestedEvent} — also when the dial is recorded only after the end (the provider
 *       answered late). An end the provider reported itself ({@code RecordPhoneCallEndedCommand}) asks nothing, and
 *       neither does one after the connect: the session holding the media stream hangs up.</li>
 *   <li>Tool invocations and provider errors are facts of a call that connected: they are recorded while it is in
 *       progress and also just after it ended (a tool may answer after the caller hung up).</li>
 *   <li>A transfer happens only while the call is in progress; it ends the call with reason TRANSFERRED.</li>
 *   <li>The recording is stored once (the same location again is a no-op), and only for a call that connected.</li>
 *   <li>Another organization's call does not exist as far as the caller can tell.</li>
 * </ul>
 * <b>Time:</b> the duration is the time between the connected event and the ended event. The connect time is
 * the {@code CallConnectedEvent}'s own timestamp (assigned in the event-sourcing handler, so a replay rebuilds
 * the same state); the end time is read from {@link GenericEventMessage#clock} — the very clock that stamps the
 * {@code CallEndedEvent} applied in the same handler — so the duration equals the difference of the two event
 * timestamps, and tests fix that clock (the aggregate fixture's current time).
 */
@Aggregate
class Call {

    @AggregateIdentifier
    private String callId;
    private String organizationId;
    private CallStatus status;
    private String node;
    private Instant connectedAt;
    private UserTurnTranscribedEvent lastUserTurn;
    private AgentTurnSpokenEvent lastAgentTurn;
    private String recordingLocation;
    private boolean answered;
    private String providerCallId;

    protected Call() {
        // rebuilt from events by Axon
    }

    @CommandHandler
    /**
     * Pins the organization's time zone on the call when the request names none (e.g. a phone call requested by the
     * voice runtime, which has no view of the organization's settings).
     */
    Call(RequestCallCommand command, OrganizationSettingsStore settings) {
        String timeZone = command.timeZone() != null ? command.timeZone() : settings.timeZone(command.organizationId());
        apply(new CallRequestedEvent(command.callId(), command.organizationId(), command.agentId(),
                command.agentVersion(), command.direction(), command.from(), command.to(), command.variables(),
                command.limits(), timeZone));
    }

    @CommandHandler
    long handle(ConnectCallCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (status == CallStatus.IN_PROGRESS && node.equals(command.node())) {
            return getVersion();                                    // the same runtime again: a documented no-op
        }
        if (status == CallStatus.IN_PROGRESS) {
            throw new DomainException(ErrorCode.CALL_ALREADY_CONNECTED,
                    "Call " + callId + " is already connected to another voice runtime.");
        }
        if (status == CallStatus.ENDED) {
            throw new DomainException(ErrorCode.CALL_NOT_IN_PROGRESS, "Call " + callId + " has ended.");
        }
        apply(new CallConnectedEvent(callId, command.node()));
        return getVersion();
    }

    /** Ringing matters only before the call connects; later or repeated reports change nothing. */
    @CommandHandler
    long handle(RecordCallRingingCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (status == CallStatus.REQUESTED) {
            apply(new CallRingingEvent(callId));
        }
        return getVersion();
    }

    /** The first answer stands (providers repeat themselves); an ended call records no answer. */
    @CommandHandler
    long handle(RecordCallAnsweredCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (!answered && status != CallStatus.ENDED) {
            apply(new CallAnsweredEvent(callId, command.answeredBy()));
        }
        return getVersion();
    }

    /** The provider's id of the phone call; the same again is a no-op. */
    @CommandHandler
    long handle(RecordCallDialedCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (command.providerCallId().equals(providerCallId)) {
            return getVersion();                                    // a retried command: no-op
        }
        apply(new CallDialedEvent(callId, command.providerCallId()));
        if (status == CallStatus.ENDED && connectedAt == null) {
            apply(new DialedCallHangUpRequestedEvent(callId, command.providerCallId(), answered));
        }
        return getVersion();
    }

    @CommandHandler
    long handle(RecordUserTurnCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireInProgress();
        UserTurnTranscribedEvent turn = new UserTurnTranscribedEvent(callId, command.turn(), command.text(),
                command.startedAtMs(), command.endedAtMs());
        if (turn.equals(lastUserTurn)) {
            return getVersion();                                    // a retried command: no-op
        }
        requireAfter(lastUserTurn == null ? null : lastUserTurn.turn(), command.turn(), "caller");
        apply(turn);
        return getVersion();
    }

    @CommandHandler
    long handle(RecordAgentTurnCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireInProgress();
        AgentTurnSpokenEvent turn = new AgentTurnSpokenEvent(callId, command.turn(), command.heardText(),
                command.interrupted(), command.startedAtMs(), command.endedAtMs(), command.latency());
        if (turn.equals(lastAgentTurn)) {
            return getVersion();                                    // a retried command: no-op
        }
        requireAfter(lastAgentTurn == null ? null : lastAgentTurn.turn(), command.turn(), "agent");
        apply(turn);
        return getVersion();
    }

    @CommandHandler
    long handle(EndCallCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        end(command.reason(), command.detail(), true);
        return getVersion();
    }

    @CommandHandler
    long handle(RecordPhoneCallEndedCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        end(command.reason(), command.detail(), false);
        return getVersion();
    }

    /** Ends the call once (the first reason stands); a dialed phone call nobody streams is hung up if asked. */
    private void end(EndReason reason, String detail, boolean hangUpDialedCall) {
        if (status == CallStatus.ENDED) {
            return;
        }
        long durationMs = connectedAt == null ? 0
                : Math.max(0, Duration.between(connectedAt, GenericEventMessage.clock.instant()).toMillis());
        apply(new CallEndedEvent(callId, reason, detail, durationMs));
        if (hangUpDialedCall && providerCallId != null && connectedAt == null) {
            apply(new DialedCallHangUpRequestedEvent(callId, providerCallId, answered));
        }
    }

    @CommandHandler
    long handle(RecordToolInvocationCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireConnected();
        apply(new ToolInvokedEvent(callId, command.toolName(), command.arguments(), command.result(), command.error(),
                command.durationMs()));
        return getVersion();
    }

    @CommandHandler
    long handle(RecordProviderErrorCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireConnected();
        apply(new ProviderErrorRecordedEvent(callId, command.stage(), command.provider(), command.errorClass(),
                command.message(), command.latencyMs(), command.fallback()));
        return getVersion();
    }

    @CommandHandler
    long handle(TransferCallCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        requireInProgress();
        long durationMs = Math.max(0, Duration.between(connectedAt, GenericEventMessage.clock.instant()).toMillis());
        apply(new CallTransferredEvent(callId, command.toNumber()));
        apply(new CallEndedEvent(callId, EndReason.TRANSFERRED, "transferred to " + command.toNumber(), durationMs));
        return getVersion();
    }

    @CommandHandler
    long handle(StoreCallRecordingCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        requireSameOrganization(callerOrganization);
        if (command.location().equals(recordingLocation)) {
            return getVersion();                                    // stored already: no-op
        }
        if (recordingLocation != null) {
            throw new DomainException(ErrorCode.CALL_RECORDING_EXISTS, "Call " + callId + " already has a recording.");
        }
        if (connectedAt == null) {
            throw new DomainException(ErrorCode.CALL_NOT_IN_PROGRESS,
                    "Call " + callId + " never connected, so it has nothing to record.");
        }
        apply(new CallRecordingStoredEvent(callId, command.location(),
                command.contentType() != null ? command.contentType() : "audio/wav", command.durationMs(), command.bytes()));
        return getVersion();
    }

    @EventSourcingHandler
    void on(CallRequestedEvent event) {
        callId = event.callId();
        organizationId = event.organizationId();
        status = CallStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(CallRingingEvent event) {
        status = CallStatus.RINGING;
    }

    @EventSourcingHandler
    void on(CallAnsweredEvent event) {
        answered = true;
    }

    @EventSourcingHandler
    void on(CallDialedEvent event) {
        providerCallId = event.providerCallId();
    }

    @EventSourcingHandler
    void on(CallConnectedEvent event, @Timestamp Instant at) {
        status = CallStatus.IN_PROGRESS;
        node = event.node();
        connectedAt = at;
    }

    @EventSourcingHandler
    void on(UserTurnTranscribedEvent event) {
        lastUserTurn = event;
    }

    @EventSourcingHandler
    void on(AgentTurnSpokenEvent event) {
        lastAgentTurn = event;
    }

    @EventSourcingHandler
    void on(CallEndedEvent event) {
        status = CallStatus.ENDED;
    }

    @EventSourcingHandler
    void on(CallRecordingStoredEvent event) {
        recordingLocation = event.location();
    }

    /** Another organization's call does not exist as far as the caller can tell. */
    private void requireSameOrganization(String callerOrganization) {
        if (!Objects.equals(organizationId, callerOrganization)) {
            throw new DomainException(ErrorCode.CALL_NOT_FOUND, "No call " + callId + ".");
        }
    }

    private void requireConnected() {
        if (connectedAt == null) {
            throw new DomainException(ErrorCode.CALL_NOT_IN_PROGRESS,
                    "Call " + callId + " has not connected yet; nothing happened on it.");
        }
    }

    private void requireInProgress() {
        if (status != CallStatus.IN_PROGRESS) {
            throw new DomainException(ErrorCode.CALL_NOT_IN_PROGRESS, status == CallStatus.ENDED
                    ? "Call " + callId + " has ended; no more turns can be recorded."
                    : "Call " + callId + " has not connected yet; no turns can be recorded.");
        }
    }

    private void requireAfter(Integer previous, int turn, String speaker) {
        if (previous != null && turn <= previous) {
            throw new DomainException(ErrorCode.CALL_TURN_OUT_OF_ORDER, "The " + speaker + " turn " + turn
                    + " of call " + callId + " is not after the last recorded one (" + previous + ").");
        }
    }
}
