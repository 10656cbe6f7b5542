package ai.bvrai.voice.session;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Instant;
import java.util.Map;

/**
 * The limits of one call, enforced wherever its audio is held: the saga owns three durable deadlines and ends the
 * call through an {@link EndCallCommand} when one passes, so a call ends even when the node with its audio is gone.
 * <ul>
 *   <li>{@value #CONNECT_TIMEOUT}: from the request; a call that never connects ends with {@link EndReason#ERROR}.</li>
 *   <li>{@value #MAX_DURATION}: from the connect; ends with {@link EndReason#MAX_DURATION}.</li>
 *   <li>{@value #SILENCE_TIMEOUT}: ends with {@link EndReason#SILENCE_TIMEOUT} when the caller has said nothing for
 *       the agent's silence timeout. <b>Decision:</b> the clock restarts with every caller turn <em>and</em> every
 *       agent turn: the caller cannot be expected to speak while the agent talks, so silence is counted from the
 *       later of the caller's last words and the end of the agent's last turn (an agent turn is recorded once it
 *       has been spoken). Max duration caps a call kept alive by the agent alone.</li>
 * </ul>
 * Every deadline is placed relative to the timestamp of the event that caused it, so a saga that handles events
 * late (a busy or restarted node) does not extend the limits. Deadline ids are kept, so they are cancelled one by
 * one (a lookup by id, not a scan of all scheduled deadlines).
 */
@Saga
@ProcessingGroup(CallSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CallSaga {

    public static final String PROCESSING_GROUP = "call-saga";
    public static final String CALL_ID = "callId";
    public static final String CONNECT_TIMEOUT = "connect-timeout";
    public static final String MAX_DURATION = "max-duration";
    public static final String SILENCE_TIMEOUT = "silence-timeout";

    private String callId;
    private String organizationId;
    private CallLimits limits;
    private String connectTimeoutId;
    private String maxDurationId;
    private String silenceTimeoutId;

    public CallSaga() {
        // created and rebuilt by Axon
    }

    @StartSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallRequestedEvent event, @Timestamp Instant at, DeadlineManager deadlines) {
        callId = event.callId();
        organizationId = event.organizationId();
        limits = event.limits();
        connectTimeoutId = deadlines.schedule(at.plusSeconds(limits.connectTimeoutSeconds()), CONNECT_TIMEOUT, callId);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallConnectedEvent event, @Timestamp Instant at, DeadlineManager deadlines) {
        connectTimeoutId = cancel(deadlines, CONNECT_TIMEOUT, connectTimeoutId);
        if (maxDurationId == null) {
            maxDurationId = deadlines.schedule(at.plusSeconds(limits.maxDurationSeconds()), MAX_DURATION, callId);
        }
        restartSilenceTimeout(at, deadlines);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(UserTurnTranscribedEvent event, @Timestamp Instant at, DeadlineManager deadlines) {
        restartSilenceTimeout(at, deadlines);
    }

    @SagaEventHandler(associationProperty = CALL_ID)
    void on(AgentTurnSpokenEvent event, @Timestamp Instant at, DeadlineManager deadlines) {
        restartSilenceTimeout(at, deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = CALL_ID)
    void on(CallEndedEvent event, DeadlineManager deadlines) {
        connectTimeoutId = cancel(deadlines, CONNECT_TIMEOUT, connectTimeoutId);
        maxDurationId = cancel(deadlines, MAX_DURATION, maxDurationId);
        silenceTimeoutId = cancel(deadlines, SILENCE_TIMEOUT, silenceTimeoutId);
    }

    @DeadlineHandler(deadlineName = CONNECT_TIMEOUT)
    void onConnectTimeout(String deadlineCallId, CommandGateway commands) {
        connectTimeoutId = null;
        end(commands, EndReason.ERROR, "The caller did not connect within " + limits.connectTimeoutSeconds() + " s.");
    }

    @DeadlineHandler(deadlineName = MAX_DURATION)
    void onMaxDuration(String deadlineCallId, CommandGateway commands) {
        maxDurationId = null;
        end(commands, EndReason.MAX_DURATION, null);
    }

    @DeadlineHandler(deadlineName = SILENCE_TIMEOUT)
    void onSilenceTimeout(String deadlineCallId, CommandGateway commands) {
        silenceTimeoutId = null;
        end(commands, EndReason.SILENCE_TIMEOUT, null);
    }

    private void restartSilenceTimeout(Instant from, DeadlineManager deadlines) {
        cancel(deadlines, SILENCE_TIMEOUT, silenceTimeoutId);
        silenceTimeoutId = deadlines.schedule(from.plusSeconds(limits.silenceTimeoutSeconds()), SILENCE_TIMEOUT, callId);
    }

    /**
     * Ends the call for its organization (the aggregate checks the tenant). Waits for the outcome, so a failure
     * fails the deadline and the deadline manager tries it again; ending an ended call is a no-op.
     */
    private void end(CommandGateway commands, EndReason reason, String detail) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(new EndCallCommand(callId, reason, detail))
                .andMetaData(Map.of(MetadataKeys.ORGANIZATION_ID, organizationId)));
    }

    private static String cancel(DeadlineManager deadlines, String name, String id) {
        if (id != null) {
            deadlines.cancelSchedule(name, id);
        }
        return null;
    }
}
