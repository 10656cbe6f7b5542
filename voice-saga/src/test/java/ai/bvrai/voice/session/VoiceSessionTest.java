package ai.bvrai.voice.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.call.ConnectCallCommand;
import ai.bvrai.api.call.EndCallCommand;
import ai.bvrai.api.call.EndReason;
import ai.bvrai.api.call.RecordAgentTurnCommand;
import ai.bvrai.api.call.RecordUserTurnCommand;
import ai.bvrai.api.call.StoreCallRecordingCommand;
import ai.bvrai.api.call.TurnLatency;

/** The voice pipeline of one call, on fixed-latency fake engines and a simulated caller in real time. */
class VoiceSessionTest {

    private static final String LONG_REPLY = "Our shop opens at nine in the morning every weekday. "
            + "On Saturdays we open a little later at ten and close at four in the afternoon. "
            + "On Sundays and public holidays the shop stays closed all day long.";

    @TempDir
    Path scratch;

    private final FakeEngines engines = new FakeEngines();
    private FakeTransport transport = new FakeTransport();
    private final FakeCommands commands = new FakeCommands();
    private final InMemoryRecordingStore recordings = new InMemoryRecordingStore();
    private VoiceSessions sessions;
    private VoiceSession session;
    private SimulatedCaller caller;

    @BeforeEach
    void setUp() {
        VoiceRuntimeProperties settings = new VoiceRuntimeProperties("test-node", 0.5f, Duration.ofMillis(600),
                Duration.ofMillis(300), Duration.ofMillis(1200), Duration.ofMillis(200), Duration.ofSeconds(2), 2,
                "Sorry, I had a problem. Could you say that again?", "Goodbye!", scratch, 8192);
        sessions = new VoiceSessions(null, null, recordings, settings);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (caller != null) {
            caller.close();
        }
        if (session != null) {
            session.end(EndReason.CALLER_HUNG_UP, null, VoiceSession.Origin.LOCAL);
            session.closed().get(10, TimeUnit.SECONDS);
        }
        sessions.destroy();
    }

    private void connect(String firstMessage) {
        connect(firstMessage, (call, events) -> engines.engines());
    }

    private void connect(String firstMessage, EngineSelector selector) {
        AgentConfiguration agent = new AgentConfiguration("Front desk", "You answer for {{company}} on {{day_of_week}}.", firstMessage,
                "en-US", new VoiceSettings("fake", "v"), new SttSettings("fake", "m"),
                new LlmSettings("fake", "m", 0.2, 200), 600, 30, 600, List.of("goodbye", "hang up"),
                "Opening hours: nine to five.", Map.of("company", "Acme", "caller", "friend"));
        assertThat(sessions.reserve("call-1")).isTrue();
        session = sessions.open(new CallContext("call-1", "org-1", "agent-1", 3, agent, Map.of("caller", "Ann"),
                null, null, "Europe/Berlin"), transport, selector, commands);
        caller = new SimulatedCaller(session);
    }

    private List<RecordAgentTurnCommand> agentTurns() {
        return commands.of(RecordAgentTurnCommand.class);
    }

    @Test
    void givenAFirstMessage_whenTheCallerConnects_thenTheRenderedGreetingIsSpokenAndRecorded() {
        connect("Hello {{caller}}, this is {{company}}.");

        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 1);
        assertThat(transport.types()).startsWith("started", "agent_speaking").contains("agent_done");
        assertThat(transport.controls("started").getFirst().path("callId").asText()).isEqualTo("call-1");
        assertThat(transport.controls("agent_speaking").getFirst().path("text").asText()).isEqualTo("Hello Ann, this is Acme.");
        assertThat(transport.audioFrames()).isGreaterThanOrEqualTo(5 * 250 / 20);
        assertThat(commands.sent.getFirst()).isEqualTo(new ConnectCallCommand("call-1", "test-node"));
        RecordAgentTurnCommand greeting = agentTurns().getFirst();
        assertThat(greeting.heardText()).isEqualTo("Hello Ann, this is Acme.");
        assertThat(greeting.interrupted()).isFalse();
        assertThat(greeting.latency().endOfSpeechDetectedMs()).isNull();
        assertThat(greeting.latency().firstAudioSentMs()).isNotNull();
    }

    @Test
    void givenAgentAudio_whenItIsSent_thenItIsPacedInRealTimeAtMost200msAhead() {
        connect("One two three four five six seven eight nine ten eleven twelve.");

        await().atMost(Duration.ofSeconds(8)).until(() -> !transport.controls("agent_done").isEmpty());
        List<FakeTransport.Sent> frames = transport.sent.stream().filter(s -> s.audio() != null).toList();
        long start = frames.getFirst().atNanos();
        for (int i = 0; i < frames.size(); i++) {
            long aheadMs = (i + 1) * 20L - TimeUnit.NANOSECONDS.toMillis(frames.get(i).atNanos() - start);
            assertThat(aheadMs).as("frame %d sent ahead of playback", i).isLessThanOrEqualTo(200 + 1);
        }
        long spanMs = TimeUnit.NANOSECONDS.toMillis(frames.getLast().atNanos() - start);
        assertThat(spanMs).isGreaterThanOrEqualTo(frames.size() * 20L - 240);
        assertThat(session.lateFrames()).isZero();
    }

    @Test
    void givenACallerTurn_whenSilenceEndsIt_thenTranscriptTurnReplyAndLatencyAreRecorded() {
        connect("");
        engines.recognizer.willHear("when do you open");

        caller.speak(Duration.ofMillis(900));

        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 1);
        assertThat(transport.controls("transcript").stream().filter(t -> !t.path("final").asBoolean()))
                .isNotEmpty();
        assertThat(transport.controls("transcript").getLast().path("final").asBoolean()).isTrue();
        RecordUserTurnCommand user = commands.of(RecordUserTurnCommand.class).getFirst();
        assertThat(user.text()).isEqualTo("when do you open");
        assertThat(user.endedAtMs() - user.startedAtMs()).isBetween(800L, 1100L);

        List<Message> prompt = engines.responder.prompts.getFirst().getInstructions();
        assertThat(prompt.getFirst()).isInstanceOf(SystemMessage.class);
        assertThat(prompt.getFirst().getText()).startsWith("You answer for Acme on "
                + java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Berlin")).getDayOfWeek()
                        .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.US) + ".")
                .contains("KNOWLEDGE:", "nine to five");
        assertThat(prompt.getLast()).isInstanceOf(UserMessage.class);

        RecordAgentTurnCommand reply = agentTurns().getFirst();
        assertThat(reply.heardText()).isEqualTo("Sure. We open at nine.");
        assertThat(reply.turn()).isGreaterThan(user.turn());
        TurnLatency latency = reply.latency();
        assertThat(latency.endOfSpeechDetectedMs()).isBetween(600L, 640L);
        assertThat(latency.sttFinalMs()).isLessThanOrEqualTo(latency.firstReplyTextMs());
        assertThat(latency.firstReplyTextMs()).isLessThanOrEqualTo(latency.firstAudioSynthesizedMs());
        assertThat(latency.firstAudioSynthesizedMs()).isLessThanOrEqualTo(latency.firstAudioSentMs());
        // fakes: 60 ms responder + 40 ms synthesis; the platform adds little on top
        assertThat(latency.firstAudioSentMs()).isBetween(100L, 400L);
    }

    @Test
    void givenTheAgentSpeaking_whenTheCallerTalksOverIt_thenFlushCancelAndOnlyTheHeardPartIsKept() {
        connect("");
        engines.recognizer.willHear("what are your hours", "wait what about mondays");
        engines.responder.replies = prompt -> prompt.getInstructions().size() <= 2 ? LONG_REPLY : "Mondays too.";
        caller.speak(Duration.ofMillis(600));
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.audioFrames() > 0);
        long firstAudio = transport.sent.stream().filter(s -> s.audio() != null).findFirst().orElseThrow().atNanos();
        await().until(() -> System.nanoTime() - firstAudio > TimeUnit.MILLISECONDS.toNanos(2500));

        caller.speak(Duration.ofMillis(900));
        long speechStart = caller.lastSpeechStartNanos;

        await().atMost(Duration.ofSeconds(3)).until(() -> transport.first("flush") != null);
        long flushAt = transport.first("flush").atNanos();
        // the rule needs 300 ms of speech and a non-backchannel word (one word per 100 ms here); then ≤ 100 ms
        assertThat(TimeUnit.NANOSECONDS.toMillis(flushAt - speechStart)).isBetween(300L - 20L, 300L + 100L + 100L);
        long framesAfterFlush = transport.sent.stream()
                .filter(s -> s.audio() != null && s.atNanos() > flushAt).count();

        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 2);
        RecordAgentTurnCommand cut = agentTurns().getFirst();
        assertThat(cut.interrupted()).isTrue();
        assertThat(LONG_REPLY).startsWith(cut.heardText());
        assertThat(cut.heardText()).isNotEmpty().isNotEqualTo(LONG_REPLY);
        // ~2.7 s of 250 ms words were played: about ten words, certainly not the whole first sentence + half the next
        int heardWords = cut.heardText().split(" ").length;
        assertThat(heardWords).isBetween(8, 13);
        assertThat(engines.responder.cancelled.get() + engines.synthesizer.spoken.size()).isPositive();
        assertThat(framesAfterFlush).as("no audio of the interrupted turn after the flush")
                .isLessThanOrEqualTo(transport.audioFrames() - framesUntil(flushAt));

        List<Message> secondPrompt = engines.responder.prompts.get(1).getInstructions();
        Message remembered = secondPrompt.stream().filter(AssistantMessage.class::isInstance).findFirst().orElseThrow();
        assertThat(remembered.getText()).isEqualTo(cut.heardText());
        assertThat(secondPrompt.getLast().getText()).isEqualTo("wait what about mondays");
    }

    @Test
    void givenAPhoneThatPlaysBehindTheModel_whenTheCallerInterrupts_thenTheHeardTextFollowsThePhonesMarks() {
        transport = FakeTransport.phone(Duration.ofSeconds(3));     // Twilio behind a 3 s jitter buffer
        connect("");
        engines.recognizer.willHear("what are your hours", "wait what about mondays");
        engines.responder.replies = prompt -> prompt.getInstructions().size() <= 2 ? LONG_REPLY : "Mondays too.";
        caller.speak(Duration.ofMillis(600));
        // one mark before each of the three sentences: the phone plays the first 3 s after it was sent, so the model
        // sends the third sentence when the phone is 0.8 s into the second one
        await().atMost(Duration.ofSeconds(15)).until(() -> transport.marks.size() == 3
                && transport.playedMarks.contains(transport.marks.get(1)));
        assertThat(transport.playedMarks).doesNotContain(transport.marks.get(2));

        caller.speak(Duration.ofMillis(900));

        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 2);
        RecordAgentTurnCommand cut = agentTurns().getFirst();
        assertThat(cut.interrupted()).isTrue();
        String first = "Our shop opens at nine in the morning every weekday.";
        String second = "On Saturdays we open a little later at ten and close at four in the afternoon.";
        assertThat(cut.heardText()).as("the phone confirmed the first sentence").startsWith(first + " On");
        assertThat(second).as("nothing of the third sentence, which the phone never reached")
                .startsWith(cut.heardText().substring(first.length() + 1));
        // the phone played ~1.1-1.4 s of the second sentence's 4 s (16 words); the model alone would say all of it
        assertThat(cut.heardText().substring(first.length() + 1).split(" ")).hasSizeBetween(2, 7);
        assertThat(transport.playedMarks).doesNotContain(transport.marks.get(2));
    }

    private long framesUntil(long nanos) {
        return transport.sent.stream().filter(s -> s.audio() != null && s.atNanos() <= nanos).count();
    }

    @Test
    void givenTheAgentSpeaking_whenTheCallerOnlyBackchannels_thenTheAgentIsNotInterrupted() {
        connect("");
        engines.recognizer.willHear("tell me your hours", "yeah", "mm hm okay");
        engines.responder.replies = prompt -> LONG_REPLY;
        caller.speak(Duration.ofMillis(600));
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.audioFrames() > 0);

        caller.speak(Duration.ofMillis(250));            // "yeah": too short to interrupt at all
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
        caller.speak(Duration.ofMillis(700));            // "mm hm okay": long enough, but backchannel words only
        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);

        await().atMost(Duration.ofSeconds(15)).until(() -> agentTurns().size() == 1);
        assertThat(transport.first("flush")).isNull();
        assertThat(agentTurns().getFirst().interrupted()).isFalse();
        assertThat(agentTurns().getFirst().heardText()).isEqualTo(LONG_REPLY);
        assertThat(commands.of(RecordUserTurnCommand.class)).hasSize(1);
        assertThat(engines.responder.prompts).hasSize(1);
    }

    @Test
    void givenAnEndCallPhrase_whenTheCallerSaysIt_thenTheAgentSaysGoodbyeAndEndsTheCall() {
        connect("");
        engines.recognizer.willHear("thanks goodbye");

        caller.speak(Duration.ofMillis(500));

        await().atMost(Duration.ofSeconds(5)).until(() -> transport.closed);
        assertThat(engines.synthesizer.spoken).containsExactly("Goodbye!");
        assertThat(engines.responder.prompts).isEmpty();
        assertThat(commands.of(EndCallCommand.class)).containsExactly(new EndCallCommand("call-1", EndReason.AGENT_ENDED, null));
        assertThat(transport.controls("ended").getFirst().path("reason").asText()).isEqualTo("AGENT_ENDED");
        assertThat(commands.sent.indexOf(agentTurns().getFirst()))
                .isLessThan(commands.sent.indexOf(commands.of(EndCallCommand.class).getFirst()));
    }

    @Test
    void givenACall_whenTheCallerHangsUp_thenEverythingIsReleasedAndTheStereoRecordingStored() throws Exception {
        connect("Hello there.");
        engines.recognizer.willHear("hello");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 1);
        caller.speak(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 2);
        assertThat(engines.recognizer.open.get()).isEqualTo(1);

        session.acceptControl("{\"type\":\"hangup\"}");

        session.closed().get(10, TimeUnit.SECONDS);
        assertThat(sessions.size()).isZero();
        assertThat(engines.recognizer.open.get()).isZero();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("voice-in-") || name.startsWith("voice-agent-"))).isEmpty();
        try (var leftovers = Files.list(scratch)) {
            assertThat(leftovers).isEmpty();
        }
        assertThat(commands.of(EndCallCommand.class)).containsExactly(new EndCallCommand("call-1", EndReason.CALLER_HUNG_UP, null));
        StoreCallRecordingCommand stored = commands.of(StoreCallRecordingCommand.class).getFirst();
        assertThat(commands.sent.getLast()).isEqualTo(stored);
        byte[] wav = recordings.stored.get(stored.location());
        assertThat(stored.bytes()).isEqualTo(wav.length);
        ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(header.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(16_000);
        long leftLoud = 0;
        long rightLoud = 0;
        for (int at = 44; at + 3 < wav.length; at += 4) {
            leftLoud += Math.abs(header.getShort(at)) > 1_000 ? 1 : 0;
            rightLoud += Math.abs(header.getShort(at + 2)) > 1_000 ? 1 : 0;
        }
        assertThat(leftLoud / 16).as("caller ms on the left").isBetween(400L, 600L);
        assertThat(rightLoud / 16).as("agent ms on the right").isGreaterThan(1000L);
        session = null;
    }

    @Test
    void givenTheCallEndedElsewhere_whenTheEventArrives_thenTheCallerIsToldAndNothingMoreIsRecorded() throws Exception {
        connect("Hello there.");
        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 1);

        sessions.endedElsewhere("call-1", EndReason.MAX_DURATION);

        session.closed().get(10, TimeUnit.SECONDS);
        assertThat(transport.controls("ended").getFirst().path("reason").asText()).isEqualTo("MAX_DURATION");
        assertThat(transport.closed).isTrue();
        assertThat(commands.of(EndCallCommand.class)).isEmpty();
        assertThat(commands.of(StoreCallRecordingCommand.class)).hasSize(1);
        assertThat(engines.recognizer.open.get()).isZero();
        session = null;
    }

    @Test
    void givenTheCallRecordRefusesTheConnection_whenConnecting_thenTheCallerGetsAnErrorAndNothingIsRecorded() throws Exception {
        commands.refuseConnect = true;
        connect("Hello there.");

        session.closed().get(10, TimeUnit.SECONDS);
        assertThat(transport.types()).contains("error", "ended");
        assertThat(transport.closed).isTrue();
        assertThat(commands.sent).hasSize(1);
        assertThat(engines.recognizer.open.get()).isZero();
        session = null;
    }

    @Test
    void givenAResponderFailure_whenItHappensOnce_thenTheFallbackIsSaidAndTheCallGoesOn() {
        connect("");
        engines.recognizer.willHear("what are your hours", "again please");
        engines.responder.failuresLeft = 1;

        caller.speak(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 1);
        assertThat(agentTurns().getFirst().heardText()).isEqualTo("Sorry, I had a problem. Could you say that again?");

        caller.speak(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(5)).until(() -> agentTurns().size() == 2);
        assertThat(agentTurns().get(1).heardText()).isEqualTo("Sure. We open at nine.");
        assertThat(transport.closed).isFalse();
    }

    @Test
    void givenEnginesThatKeepFailing_whenTheCallerSpeaks_thenTheCallEndsWithError() throws Exception {
        connect("");
        engines.recognizer.willHear("hello", "hello again", "hello once more");
        engines.responder.neverAnswers = true;   // times out after the 2 s engine timeout
        engines.synthesizer.failing = true;

        caller.speak(Duration.ofMillis(500));

        session.closed().get(15, TimeUnit.SECONDS);
        assertThat(commands.of(EndCallCommand.class)).singleElement()
                .extracting(EndCallCommand::reason).isEqualTo(EndReason.ERROR);
        assertThat(transport.types()).contains("error", "ended");
        session = null;
    }

    @Test
    void givenTheRecognizerFails_whenItKeepsFailing_thenTheCallEndsWithErrorAndIsReleased() throws Exception {
        connect("");
        engines.recognizer.failing = true;

        session.closed().get(10, TimeUnit.SECONDS);
        assertThat(commands.of(EndCallCommand.class)).singleElement()
                .extracting(EndCallCommand::reason).isEqualTo(EndReason.ERROR);
        assertThat(transport.types()).contains("error", "ended");
        assertThat(engines.recognizer.open.get()).isZero();
        session = null;
    }

    // tools and providers

    @Test
    void givenTheModelCallsEndCall_whenItsReplyHasBeenPlayed_thenTheCallEndsAsAgentEnded() {
        connect("");
        engines.recognizer.willHear("thanks that is all");
        engines.responder.replies = prompt -> {
            session.endRequested();
            return "You are welcome, goodbye.";
        };

        caller.speak(Duration.ofMillis(900));

        await().atMost(Duration.ofSeconds(8)).until(() -> !commands.of(EndCallCommand.class).isEmpty());
        assertThat(agentTurns()).extracting(RecordAgentTurnCommand::heardText).containsExactly("You are welcome, goodbye.");
        assertThat(commands.of(EndCallCommand.class).getFirst().reason()).isEqualTo(EndReason.AGENT_ENDED);
        assertThat(commands.sent.indexOf(agentTurns().getFirst()))
                .isLessThan(commands.sent.indexOf(commands.of(EndCallCommand.class).getFirst()));
        assertThat(transport.types()).contains("ended");
    }

    @Test
    void givenTheModelCallsEndCallWithoutWords_whenTheReplyIsDone_thenTheGoodbyeIsSpokenBeforeTheEnd() {
        connect("");
        engines.recognizer.willHear("bye");
        engines.responder.replies = prompt -> {
            session.endRequested();
            return "";
        };

        caller.speak(Duration.ofMillis(900));

        await().atMost(Duration.ofSeconds(8)).until(() -> !commands.of(EndCallCommand.class).isEmpty());
        assertThat(agentTurns()).extracting(RecordAgentTurnCommand::heardText).containsExactly("Goodbye!");
        assertThat(commands.of(EndCallCommand.class).getFirst().reason()).isEqualTo(EndReason.AGENT_ENDED);
    }

    @Test
    void givenTheModelTransfers_whenItsReplyHasBeenPlayed_thenTheTransferIsRecordedTheClientToldAndTheCallEnds() {
        connect("");
        engines.recognizer.willHear("a person please");
        engines.responder.replies = prompt -> {
            session.transferRequested("+14155550100");
            return "Let me transfer you.";
        };

        caller.speak(Duration.ofMillis(900));

        await().atMost(Duration.ofSeconds(8)).until(() -> !commands.of(EndCallCommand.class).isEmpty());
        assertThat(commands.of(ai.bvrai.api.call.TransferCallCommand.class))
                .containsExactly(new ai.bvrai.api.call.TransferCallCommand("call-1", "+14155550100"));
        assertThat(transport.controls("transfer").getFirst().path("number").asText()).isEqualTo("+14155550100");
        assertThat(commands.of(EndCallCommand.class).getFirst().reason()).isEqualTo(EndReason.TRANSFERRED);
        assertThat(agentTurns()).extracting(RecordAgentTurnCommand::heardText).containsExactly("Let me transfer you.");
    }

    @Test
    void givenAnEngineThatReportsAFailureWhileTheCallOpens_whenConnected_thenTheErrorIsRecordedAfterTheConnect() {
        connect("", (call, events) -> {
            events.providerFailed(ai.bvrai.api.call.PipelineStage.STT, "deepgram", "NOT_CONFIGURED", "no key", 0, "vosk");
            return engines.engines();
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> commands.sent.size() >= 2);
        assertThat(commands.sent.get(0)).isInstanceOf(ConnectCallCommand.class);
        assertThat(commands.sent.get(1)).isEqualTo(new ai.bvrai.api.call.RecordProviderErrorCommand("call-1",
                ai.bvrai.api.call.PipelineStage.STT, "deepgram", "NOT_CONFIGURED", "no key", 0, "vosk"));
    }
}
