package ai.bvrai.voice.session;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.call.AgentTurnSpokenEvent;
import ai.bvrai.api.call.CallConnectedEvent;
import ai.bvrai.api.call.CallDirection;
import ai.bvrai.api.call.CallEndedEvent;
import ai.bvrai.api.call.CallLimits;
import ai.bvrai.api.call.CallRequestedEvent;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.TurnLatency;
import ai.bvrai.api.call.UserTurnTranscribedEvent;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static ai.bvrai.voice.session.CallSaga.CONNECT_TIMEOUT;
import static ai.bvrai.voice.session.CallSaga.MAX_DURATION;
import static ai.bvrai.voice.session.CallSaga.SILENCE_TIMEOUT;

class CallSagaTest {

    private static final String CALL = "call-1";
    private static final CallLimits LIMITS = new CallLimits(600, 30, 60);
    private static final CallRequestedEvent REQUESTED = new CallRequestedEvent(CALL, "org-acme", "agent-1", 1,
            CallDirection.WEB, null, null, Map.of(), LIMITS, "UTC");
    private static final CallConnectedEvent CONNECTED = new CallConnectedEvent(CALL, "node-a");
    private static final CallLimits ACTIVE_LIMITS = new CallLimits(90, 30, 60);
    private static final CallRequestedEvent REQUESTED_FOR_90_SECONDS = new CallRequestedEvent(CALL, "org-acme", "agent-1", 1,
            CallDirection.WEB, null, null, Map.of(), ACTIVE_LIMITS, "UTC");
    private static final UserTurnTranscribedEvent USER_TURN_2 = new UserTurnTranscribedEvent(CALL, 2, "Still here", 0, 500);
    private static final UserTurnTranscribedEvent USER_TURN = new UserTurnTranscribedEvent(CALL, 1, "Hi", 0, 500);
    private static final AgentTurnSpokenEvent AGENT_TURN = new AgentTurnSpokenEvent(CALL, 1, "Hello", false, 600, 1_500,
            new TurnLatency(null, null, null, null, null));

    private SagaTestFixture<CallSaga> fixture;
    private Clock systemClock;

    /**
     * The saga places deadlines relative to the timestamps of the events; the fixture does not stamp events with
     * its simulated time, so the clock that stamps them follows the fixture's.
     */
    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(CallSaga.class);
        fixture.givenCurrentTime(Instant.parse("2026-03-01T10:00:00Z"));
        systemClock = GenericEventMessage.clock;
        GenericEventMessage.clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return fixture.currentTime();
            }
        };
    }

    @AfterEach
    void restoreClock() {
        GenericEventMessage.clock = systemClock;
    }

    @Test
    void givenNoCall_whenACallIsRequested_thenTheConnectTimeoutIsScheduled() throws Exception {
        fixture.givenNoPriorActivity()
                .whenAggregate(CALL).publishes(REQUESTED)
                .expectActiveSagas(1)
                .expectAssociationWith(CallSaga.CALL_ID, CALL)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(60), CONNECT_TIMEOUT)
                .expectNoDispatchedCommands();
    }

    @Test
    void givenARequestedCall_whenTheConnectTimeoutHasNotPassedYet_thenTheCallGoesOn() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED)
                .whenTimeElapses(Duration.ofSeconds(59))
                .expectNoDispatchedCommands();
    }

    @Test
    void givenARequestedCall_whenItNeverConnects_thenItIsEndedWithErrorAtTheConnectTimeout() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED)
                .whenTimeElapses(Duration.ofSeconds(60))
                .expectTriggeredDeadlinesWithName(CONNECT_TIMEOUT)
                .expectDispatchedCommands(new EndCallCommand(CALL, EndReason.ERROR, "The caller did not connect within 60 s."));
    }

    @Test
    void givenADeadlinePasses_whenTheSagaEndsTheCall_thenTheCommandCarriesTheCallsOrganization() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED)
                .whenTimeElapses(Duration.ofSeconds(60))
                .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(Matchers.predicate(
                        command -> command instanceof CommandMessage<?> message
                                && "org-acme".equals(message.getMetaData().get(MetadataKeys.ORGANIZATION_ID))),
                        Matchers.andNoMore()));
    }

    @Test
    void givenARequestedCall_whenItConnects_thenTheConnectTimeoutIsCancelledAndMaxDurationAndSilenceAreScheduled() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED)
                .whenAggregate(CALL).publishes(CONNECTED)
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(60), CONNECT_TIMEOUT)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(600), MAX_DURATION)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), SILENCE_TIMEOUT)
                .expectNoDispatchedCommands();
    }

    @Test
    void givenAConnectedCall_whenTheConnectTimeoutWouldHavePassed_thenNothingIsEndedForIt() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED, USER_TURN)
                .whenTimeElapses(Duration.ofSeconds(25))
                .expectNoDispatchedCommands();
    }

    @Test
    void givenAConnectedCall_whenTheCallerStaysSilent_thenItIsEndedForSilence() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED)
                .whenTimeElapses(Duration.ofSeconds(30))
                .expectTriggeredDeadlinesWithName(SILENCE_TIMEOUT)
                .expectDispatchedCommands(new EndCallCommand(CALL, EndReason.SILENCE_TIMEOUT, null));
    }

    @Test
    void givenAConnectedCall_whenTheCallerSpeaks_thenTheSilenceTimeoutStartsAgain() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED)
                .andThenTimeElapses(Duration.ofSeconds(20))
                .whenAggregate(CALL).publishes(USER_TURN)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), SILENCE_TIMEOUT)
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(10), SILENCE_TIMEOUT)
                .expectNoDispatchedCommands();
    }

    @Test
    void givenACallerWhoSpokeTwentySecondsIn_whenThirtySecondsPassFromTheConnect_thenTheCallGoesOn() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED)
                .andThenTimeElapses(Duration.ofSeconds(20))
                .andThenAggregate(CALL).published(USER_TURN)
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectNoDispatchedCommands();
    }

    @Test
    void givenAConnectedCall_whenTheAgentFinishesATurn_thenTheCallersSilenceIsCountedFromThere() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED)
                .andThenTimeElapses(Duration.ofSeconds(25))
                .whenAggregate(CALL).publishes(AGENT_TURN)
                .expectScheduledDeadlineWithName(Duration.ofSeconds(30), SILENCE_TIMEOUT)
                .expectNoScheduledDeadlineWithName(Duration.ofSeconds(5), SILENCE_TIMEOUT);
    }

    @Test
    void givenAConnectedCallWithAnActiveCaller_whenTheMaximumDurationPasses_thenItIsEndedForMaxDuration() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED_FOR_90_SECONDS, CONNECTED)
                .andThenTimeElapses(Duration.ofSeconds(25))
                .andThenAggregate(CALL).published(USER_TURN)
                .andThenTimeElapses(Duration.ofSeconds(25))
                .andThenAggregate(CALL).published(AGENT_TURN)
                .andThenTimeElapses(Duration.ofSeconds(25))
                .andThenAggregate(CALL).published(USER_TURN_2)
                .whenTimeElapses(Duration.ofSeconds(ACTIVE_LIMITS.maxDurationSeconds() - 75))
                .expectTriggeredDeadlinesWithName(MAX_DURATION)
                .expectDispatchedCommands(new EndCallCommand(CALL, EndReason.MAX_DURATION, null));
    }

    @Test
    void givenAConnectedCall_whenItEnds_thenTheSagaEndsAndNoDeadlineIsLeft() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED, CONNECTED, USER_TURN)
                .whenAggregate(CALL).publishes(new CallEndedEvent(CALL, EndReason.CALLER_HUNG_UP, null, 2_000))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void givenARequestedCall_whenItEndsBeforeConnecting_thenTheConnectTimeoutIsCancelled() throws Exception {
        fixture.givenAggregate(CALL).published(REQUESTED)
                .whenAggregate(CALL).publishes(new CallEndedEvent(CALL, EndReason.ENDED_VIA_API, null, 0))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }
}
