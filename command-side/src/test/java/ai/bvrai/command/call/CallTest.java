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
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRecordingStoredEvent;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.CallTransferredEvent;
import ai.bvrai.api.call.PipelineStage;
import ai.bvrai.api.call.ProviderErrorRecordedEvent;
import ai.bvrai.api.call.RecordProviderErrorCommand;
import ai.bvrai.api.call.RecordToolInvocationCommand;
import ai.bvrai.api.call.ToolInvokedEvent;
import ai.bvrai.api.call.TransferCallCommand;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.RequestCallCommand;
import ai.bvrai.api.call.StoreCallRecordingCommand;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ai.bvrai.command.organization.OrganizationSettingsStore;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

class CallTest {

    private static final String CALL = "call-1";
    private static final String ACME = "org-acme";
    private static final MetaData FROM_ACME = MetaData.with(MetadataKeys.ORGANIZATION_ID, ACME);
    private static final MetaData FROM_GLOBEX = MetaData.with(MetadataKeys.ORGANIZATION_ID, "org-globex");
    private static final CallLimits LIMITS = new CallLimits(600, 30, 60);
    private static final Map<String, String> VARIABLES = Map.of("company", "Acme");
    private static final CallRequestedEvent REQUESTED = new CallRequestedEvent(CALL, ACME, "agent-1", 2,
            CallDirection.WEB, null, null, VARIABLES, LIMITS, "Europe/Berlin");
    private static final CallConnectedEvent CONNECTED = new CallConnectedEvent(CALL, "node-a");
    private static final TurnLatency LATENCY = new TurnLatency(600L, 650L, 900L, 950L, 980L);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private AggregateTestFixture<Call> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Call.class);
        OrganizationSettingsStore settings = mock(OrganizationSettingsStore.class);
        when(settings.timeZone(ACME)).thenReturn("Europe/Berlin");
        fixture.registerInjectableResource(settings);
    }

    private static ErrorCode codeOf(Throwable e) {
        return e instanceof DomainException domain ? domain.code() : null;
    }

    private static org.hamcrest.Matcher<Throwable> refusedWith(ErrorCode code) {
        return Matchers.predicate(e -> codeOf(e) == code);
    }

    private static UserTurnTranscribedEvent userTurn(int turn, String text) {
        return new UserTurnTranscribedEvent(CALL, turn, text, 1_000L * turn, 1_000L * turn + 800);
    }

    private static AgentTurnSpokenEvent agentTurn(int turn, String text) {
        return new AgentTurnSpokenEvent(CALL, turn, text, false, 1_000L * turn + 900, 1_000L * turn + 1_500, LATENCY);
    }

    // request

    @Test
    void givenNoCall_whenRequested_thenTheCallIsRequestedWithItsPinnedVersionVariablesAndLimits() {
        fixture.givenNoPriorActivity()
                .when(new RequestCallCommand(CALL, ACME, "agent-1", 2, CallDirection.WEB, null, null, VARIABLES, LIMITS,
                                "Europe/Berlin"),
                        FROM_ACME)
                .expectEvents(REQUESTED);
    }

    @Test
    void givenARequestWithoutTimeZone_whenRequested_thenTheOrganizationsCurrentZoneIsPinned() {
        fixture.givenNoPriorActivity()
                .when(new RequestCallCommand(CALL, ACME, "agent-1", 2, CallDirection.WEB, null, null, VARIABLES, LIMITS,
                        null), FROM_ACME)
                .expectEvents(REQUESTED);
    }

    // connect

    @Test
    void givenARequestedCall_whenConnected_thenItIsInProgressOnThatNode() {
        fixture.given(REQUESTED)
                .when(new ConnectCallCommand(CALL, "node-a"), FROM_ACME)
                .expectEvents(CONNECTED)
                .expectResultMessagePayload(1L);
    }

    @Test
    void givenAConnectedCall_whenTheSameNodeConnectsAgain_thenNothingHappens() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new ConnectCallCommand(CALL, "node-a"), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void givenAConnectedCall_whenAnotherNodeConnects_thenItIsRefused() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new ConnectCallCommand(CALL, "node-b"), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_ALREADY_CONNECTED));
    }

    @Test
    void givenAnEndedCall_whenConnected_thenItIsRefused() {
        fixture.given(REQUESTED, new CallEndedEvent(CALL, EndReason.ERROR, "never connected", 0))
                .when(new ConnectCallCommand(CALL, "node-a"), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }

    // outbound phone calls: ringing and the answer

    @Test
    void givenARequestedCall_whenRingingIsReportedTwice_thenItRingsOnce() {
        fixture.given(REQUESTED)
                .when(new RecordCallRingingCommand(CALL), FROM_ACME)
                .expectEvents(new CallRingingEvent(CALL));
        fixture.given(REQUESTED, new CallRingingEvent(CALL))
                .when(new RecordCallRingingCommand(CALL), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenARingingCall_whenConnected_thenItIsInProgress() {
        fixture.given(REQUESTED, new CallRingingEvent(CALL))
                .when(new ConnectCallCommand(CALL, "node-a"), FROM_ACME)
                .expectEvents(new CallConnectedEvent(CALL, "node-a"));
    }

    @Test
    void givenAnAnsweredCall_whenAnsweredAgain_thenTheFirstVerdictStands() {
        fixture.given(REQUESTED)
                .when(new RecordCallAnsweredCommand(CALL, "machine_start"), FROM_ACME)
                .expectEvents(new CallAnsweredEvent(CALL, "machine_start"));
        fixture.given(REQUESTED, new CallAnsweredEvent(CALL, "human"))
                .when(new RecordCallAnsweredCommand(CALL, "machine_start"), FROM_ACME)
                .expectNoEvents();
    }

    @Test
    void givenAnEndedCall_whenRingingOrAnswerArriveLate_thenNothingIsRecorded() {
        fixture.given(REQUESTED, new CallEndedEvent(CALL, EndReason.BUSY, null, 0))
                .when(new RecordCallAnsweredCommand(CALL, "human"), FROM_ACME)
                .expectNoEvents();
        fixture.given(REQUESTED, new CallEndedEvent(CALL, EndReason.NO_ANSWER, null, 0))
                .when(new RecordCallRingingCommand(CALL), FROM_ACME)
                .expectNoEvents();
    }

    // outbound phone calls: dialed, and hung up at the provider when nobody streams them

    private static final CallRequestedEvent OUTBOUND = new CallRequestedEvent(CALL, ACME, "agent-1", 2,
            CallDirection.OUTBOUND, "+14155550100", "+14155550123", VARIABLES, LIMITS, "Europe/Berlin");
    private static final CallDialedEvent DIALED = new CallDialedEvent(CALL, "CA42");

    @Test
    void givenAnOutboundCall_whenTheDialIsRecordedTwice_thenItIsRecordedOnce() {
        fixture.given(OUTBOUND)
                .when(new RecordCallDialedCommand(CALL, "CA42"), FROM_ACME)
                .expectEvents(DIALED);
        fixture.given(OUTBOUND, DIALED)
                .when(new RecordCallDialedCommand(CALL, "CA42"), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenADialedCallRinging_whenEndedThroughTheApi_thenTheProviderIsAskedToCancelIt() {
        fixture.given(OUTBOUND, DIALED, new CallRingingEvent(CALL))
                .when(new EndCallCommand(CALL, EndReason.ENDED_VIA_API, null), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.ENDED_VIA_API, null, 0),
                        new DialedCallHangUpRequestedEvent(CALL, "CA42", false));
    }

    @Test
    void givenADialedCallAnsweredButNotStreamed_whenItsConnectDeadlinePasses_thenTheProviderIsAskedToHangItUp() {
        fixture.given(OUTBOUND, DIALED, new CallAnsweredEvent(CALL, "human"))
                .when(new EndCallCommand(CALL, EndReason.ERROR, "The caller did not connect within 60 s."), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.ERROR, "The caller did not connect within 60 s.", 0),
                        new DialedCallHangUpRequestedEvent(CALL, "CA42", true));
    }

    @Test
    void givenADialedCallStreamedToAVoiceSession_whenEnded_thenTheSessionHangsUpNotTheCallRecord() {
        fixture.given(OUTBOUND, DIALED, new CallAnsweredEvent(CALL, "human"), CONNECTED)
                .when(new EndCallCommand(CALL, EndReason.ENDED_VIA_API, null), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.ENDED_VIA_API, null, 0));
    }

    @Test
    void givenADialedCall_whenTheProviderReportsItsEnd_thenItEndsWithoutAHangUp_andAReportAfterTheEndChangesNothing() {
        fixture.given(OUTBOUND, DIALED, new CallRingingEvent(CALL))
                .when(new RecordPhoneCallEndedCommand(CALL, EndReason.BUSY, null), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.BUSY, null, 0));
        // the platform canceled it; Twilio's status callback "canceled" follows
        fixture.given(OUTBOUND, DIALED, new CallEndedEvent(CALL, EndReason.ENDED_VIA_API, null, 0),
                        new DialedCallHangUpRequestedEvent(CALL, "CA42", false))
                .when(new RecordPhoneCallEndedCommand(CALL, EndReason.ENDED_VIA_API, "canceled"), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenACallEndedWhileTheProviderWasDialing_whenTheDialIsRecorded_thenTheProviderIsAskedToCancelIt() {
        fixture.given(OUTBOUND, new CallEndedEvent(CALL, EndReason.ENDED_VIA_API, null, 0))
                .when(new RecordCallDialedCommand(CALL, "CA42"), FROM_ACME)
                .expectEvents(DIALED, new DialedCallHangUpRequestedEvent(CALL, "CA42", false));
    }

    @Test
    void givenAnotherOrganizationsCall_whenRingingIsReported_thenItIsNotFound() {
        fixture.given(REQUESTED)
                .when(new RecordCallRingingCommand(CALL), FROM_GLOBEX)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_FOUND));
    }

    // turns

    @Test
    void givenAConnectedCall_whenTurnsAreRecorded_thenEachIsAnEvent() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new RecordUserTurnCommand(CALL, 1, "What are your hours?", 1_000, 1_800), FROM_ACME)
                .expectEvents(userTurn(1, "What are your hours?"));
        fixture.given(REQUESTED, CONNECTED, userTurn(1, "What are your hours?"))
                .when(new RecordAgentTurnCommand(CALL, 1, "Nine to five.", false, 1_900, 2_500, LATENCY), FROM_ACME)
                .expectEvents(agentTurn(1, "Nine to five."));
    }

    @Test
    void givenTurnNumbersArePerSpeaker_whenTheAgentAnswersWithTheNumberOfTheCallersTurn_thenItIsAccepted() {
        fixture.given(REQUESTED, CONNECTED, agentTurn(0, "Hello!"), userTurn(1, "Hi"), agentTurn(1, "How can I help?"))
                .when(new RecordUserTurnCommand(CALL, 2, "Hours?", 2_000, 2_800), FROM_ACME)
                .expectEvents(userTurn(2, "Hours?"));
    }

    @Test
    void givenARecordedTurn_whenAnOlderOrEqualTurnNumberArrivesWithOtherContent_thenItIsRefused() {
        fixture.given(REQUESTED, CONNECTED, userTurn(2, "Hours?"))
                .when(new RecordUserTurnCommand(CALL, 2, "Something else", 2_000, 2_800), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_TURN_OUT_OF_ORDER));
        fixture.given(REQUESTED, CONNECTED, agentTurn(3, "Sure."))
                .when(new RecordAgentTurnCommand(CALL, 1, "Late", false, 0, 1, LATENCY), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_TURN_OUT_OF_ORDER));
    }

    @Test
    void givenARecordedTurn_whenTheSameTurnIsSentAgain_thenNothingHappens() {
        fixture.given(REQUESTED, CONNECTED, userTurn(1, "Hi"))
                .when(new RecordUserTurnCommand(CALL, 1, "Hi", 1_000, 1_800), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(REQUESTED, CONNECTED, agentTurn(1, "Hello"))
                .when(new RecordAgentTurnCommand(CALL, 1, "Hello", false, 1_900, 2_500, LATENCY), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenACallNotYetConnected_whenATurnIsRecorded_thenItIsRefused() {
        fixture.given(REQUESTED)
                .when(new RecordUserTurnCommand(CALL, 1, "Hello?", 0, 500), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }

    @Test
    void givenAnEndedCall_whenATurnIsRecorded_thenItIsRefused() {
        fixture.given(REQUESTED, CONNECTED, new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 5_000))
                .when(new RecordAgentTurnCommand(CALL, 1, "Goodbye", false, 0, 1, LATENCY), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }

    // end

    @Test
    void givenACallConnectedNinetySecondsAgo_whenEnded_thenItsDurationIsTheTimeBetweenConnectAndEnd() {
        fixture.givenCurrentTime(T0)
                .andGiven(REQUESTED, CONNECTED)
                .andGivenCurrentTime(T0.plus(Duration.ofSeconds(90)).plusMillis(250))
                .when(new EndCallCommand(CALL, EndReason.CALLER_HUNG_UP, null), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 90_250));
    }

    @Test
    void givenACallThatNeverConnected_whenEnded_thenItsDurationIsZero() {
        fixture.givenCurrentTime(T0)
                .andGiven(REQUESTED)
                .andGivenCurrentTime(T0.plusSeconds(60))
                .when(new EndCallCommand(CALL, EndReason.ERROR, "never connected"), FROM_ACME)
                .expectEvents(new CallEndedEvent(CALL, EndReason.ERROR, "never connected", 0));
    }

    @Test
    void givenAnEndedCall_whenEndedAgain_thenNothingHappensAndTheFirstReasonStands() {
        fixture.given(REQUESTED, CONNECTED, new CallEndedEvent(CALL, EndReason.SILENCE_TIMEOUT, null, 30_000))
                .when(new EndCallCommand(CALL, EndReason.ENDED_VIA_API, null), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(2L);
    }

    // recording

    @Test
    void givenAConnectedCall_whenTheRecordingIsStored_thenItIsRecordedAsWav() {
        fixture.given(REQUESTED, CONNECTED, new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 5_000))
                .when(new StoreCallRecordingCommand(CALL, "org-acme/call-1.wav", null, 5_000, 160_044), FROM_ACME)
                .expectEvents(new CallRecordingStoredEvent(CALL, "org-acme/call-1.wav", "audio/wav", 5_000, 160_044));
    }

    @Test
    void givenAStoredRecording_whenTheSameIsStoredAgain_thenNothingHappens_andAnotherOneIsRefused() {
        CallRecordingStoredEvent stored = new CallRecordingStoredEvent(CALL, "org-acme/call-1.wav", "audio/wav", 5_000, 100);
        fixture.given(REQUESTED, CONNECTED, stored)
                .when(new StoreCallRecordingCommand(CALL, "org-acme/call-1.wav", "audio/wav", 5_000, 100), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(REQUESTED, CONNECTED, stored)
                .when(new StoreCallRecordingCommand(CALL, "org-acme/other.wav", "audio/wav", 5_000, 100), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_RECORDING_EXISTS));
    }

    @Test
    void givenACallThatNeverConnected_whenARecordingIsStored_thenItIsRefused() {
        fixture.given(REQUESTED)
                .when(new StoreCallRecordingCommand(CALL, "org-acme/call-1.wav", "audio/wav", 0, 44), FROM_ACME)
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }

    // tenancy

    @Test
    void givenAnotherOrganizationsCall_whenAnyCommandIsSent_thenTheCallDoesNotExistForTheSender() {
        Object[] commands = {
                new ConnectCallCommand(CALL, "node-a"),
                new RecordUserTurnCommand(CALL, 1, "hi", 0, 1),
                new RecordAgentTurnCommand(CALL, 1, "hi", false, 0, 1, LATENCY),
                new EndCallCommand(CALL, EndReason.ENDED_VIA_API, null),
                new RecordPhoneCallEndedCommand(CALL, EndReason.BUSY, null),
                new RecordCallDialedCommand(CALL, "CA42"),
                new StoreCallRecordingCommand(CALL, "x.wav", "audio/wav", 0, 1)};
        for (Object command : commands) {
            fixture.given(REQUESTED, CONNECTED)
                    .when(command, FROM_GLOBEX)
                    .expectNoEvents()
                    .expectException(refusedWith(ErrorCode.CALL_NOT_FOUND));
        }
    }

    @Test
    void givenACall_whenACommandCarriesNoOrganization_thenTheCallDoesNotExistForTheSender() {
        fixture.given(REQUESTED)
                .when(new EndCallCommand(CALL, EndReason.ENDED_VIA_API, null))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.CALL_NOT_FOUND));
    }

    // tools, provider errors, transfer

    @Test
    void givenAConnectedCall_whenAToolInvocationIsRecorded_thenItIsAnEventOfTheCall() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new RecordToolInvocationCommand(CALL, "order_status", "{\"order\":\"42\"}", "{\"status\":\"shipped\"}",
                        null, 120), FROM_ACME)
                .expectEvents(new ToolInvokedEvent(CALL, "order_status", "{\"order\":\"42\"}", "{\"status\":\"shipped\"}",
                        null, 120));
    }

    @Test
    void givenAnEndedCall_whenAToolAnswersLate_thenTheInvocationIsStillRecorded() {
        fixture.given(REQUESTED, CONNECTED, new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 5_000))
                .when(new RecordToolInvocationCommand(CALL, "order_status", "{}", null, "timed out after 2000 ms", 2_000),
                        FROM_ACME)
                .expectEvents(new ToolInvokedEvent(CALL, "order_status", "{}", null, "timed out after 2000 ms", 2_000));
    }

    @Test
    void givenACallThatNeverConnected_whenAProviderErrorIsRecorded_thenRefused() {
        fixture.given(REQUESTED)
                .when(new RecordProviderErrorCommand(CALL, PipelineStage.LLM, "openai", "TIMEOUT", "no answer", 5_000,
                        "fallback-message"), FROM_ACME)
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }

    @Test
    void givenAConnectedCall_whenAProviderErrorIsRecorded_thenItIsAnEventOfTheCall() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new RecordProviderErrorCommand(CALL, PipelineStage.TTS, "elevenlabs", "AUTHENTICATION",
                        "Invalid API key", 80, "freetts"), FROM_ACME)
                .expectEvents(new ProviderErrorRecordedEvent(CALL, PipelineStage.TTS, "elevenlabs", "AUTHENTICATION",
                        "Invalid API key", 80, "freetts"));
    }

    @Test
    void givenAnotherOrganization_whenItRecordsAToolInvocation_thenTheCallIsNotFound() {
        fixture.given(REQUESTED, CONNECTED)
                .when(new RecordToolInvocationCommand(CALL, "order_status", "{}", "{}", null, 1), FROM_GLOBEX)
                .expectException(refusedWith(ErrorCode.CALL_NOT_FOUND));
    }

    @Test
    void givenACallInProgress_whenTransferred_thenTheTransferIsRecordedAndTheCallEndsTransferred() {
        fixture.givenCurrentTime(T0)
                .andGiven(REQUESTED, CONNECTED)
                .andGivenCurrentTime(T0.plus(Duration.ofSeconds(42)))
                .when(new TransferCallCommand(CALL, "+14155550100"), FROM_ACME)
                .expectEvents(new CallTransferredEvent(CALL, "+14155550100"),
                        new CallEndedEvent(CALL, EndReason.TRANSFERRED, "transferred to +14155550100", 42_000));
    }

    @Test
    void givenAnEndedCall_whenTransferred_thenRefused() {
        fixture.given(REQUESTED, CONNECTED, new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 5_000))
                .when(new TransferCallCommand(CALL, "+14155550100"), FROM_ACME)
                .expectException(refusedWith(ErrorCode.CALL_NOT_IN_PROGRESS));
    }
}
