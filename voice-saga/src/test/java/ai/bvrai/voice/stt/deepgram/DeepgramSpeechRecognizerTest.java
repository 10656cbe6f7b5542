package ai.bvrai.voice.stt.deepgram;

import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import ai.bvrai.voice.engine.RecognitionSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

class DeepgramSpeechRecognizerTest {

    /** 20 ms of 16 kHz mono PCM16, as the voice session feeds it (the fake does not listen to it). */
    static final byte[] FRAME = new byte[640];
    static final SttSettings STT = new SttSettings("deepgram", "nova-3");

    FakeDeepgram server;
    HttpClient http;
    final List<RecognitionSession> sessions = new ArrayList<>();
    long fedBytes;

    @BeforeEach
    void startServer() throws Exception {
        server = FakeDeepgram.listening();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stopServer() throws Exception {
        sessions.forEach(RecognitionSession::close);
        server.stop(1000);
        http.close();
    }

    @Test
    void givenAnInterimResult_whenAudioIsFed_thenAcceptReturnsItAsThePartial() {
        RecognitionSession session = open(options());
        assertThat(accept(session)).isEmpty();
        speak(session, 10);

        server.interim("what are your");

        feedUntil(session, "what are your");
    }

    @Test
    void givenFinalizedSegments_whenAnInterimFollows_thenThePartialIsTheSegmentsThenTheInterim() {
        RecognitionSession session = open(options());
        speak(session, 10);
        server.finalSegment("What are your");
        speak(session, 10);
        server.endpoint("opening hours");
        speak(session, 10);

        server.interim("on Sat");

        feedUntil(session, "What are your opening hours on Sat");
    }

    @Test
    void givenAnUtterance_whenFinished_thenItsFinalizedTextIsReturnedAndTheNextUtteranceStartsEmpty() {
        RecognitionSession session = open(options());
        speak(session, 10);
        server.finalSegment("I would like");
        speak(session, 10);
        server.interim("to book");
        feedUntil(session, "I would like to book");
        server.answerFinalizeWith("to book a table.");

        long start = System.nanoTime();
        String text = session.finishUtterance();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("Deepgram finishUtterance (fake server answering Finalize) took " + took.toMillis() + " ms");

        assertThat(text).isEqualTo("I would like to book a table.");
        assertThat(server.received("Finalize")).isEqualTo(1);
        assertThat(took).isLessThan(options().finalizeTimeout());
        assertThat(accept(session)).isEmpty();
        speak(session, 10);
        server.interim("for two");
        feedUntil(session, "for two");
    }

    @Test
    void givenNoAudioSinceTheLastUtterance_whenFinished_thenItIsEmptyAndNoFinalizeIsSent() {
        RecognitionSession session = open(options());
        speak(session, 10);
        server.finalSegment("Yes.");
        feedUntil(session, "Yes.");
        assertThat(session.finishUtterance()).isEqualTo("Yes.");

        assertThat(session.finishUtterance()).isEmpty();

        session.close();
        assertThat(server.controlMessages()).containsExactly("Finalize", "CloseStream");
    }

    @Test
    void givenFinalizeIsNeverAnswered_whenFinished_thenTheFinalizedTextAndLastInterimComeWithinTheTimeout() {
        DeepgramOptions options = options();
        RecognitionSession session = open(options);
        speak(session, 10);
        server.finalSegment("Book a table");
        speak(session, 10);
        server.interim("for two");
        feedUntil(session, "Book a table for two");
        server.ignoreFinalize();

        long start = System.nanoTime();
        String text = session.finishUtterance();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(text).isEqualTo("Book a table for two");
        assertThat(took).isBetween(options.finalizeTimeout(), options.finalizeTimeout().plusSeconds(1));
        // the late answer belongs to the utterance that ended: it must not open the next one
        speak(session, 10);
        server.answerLateFinalize("Book a table for two people.");
        server.interim("Hello");
        feedUntil(session, "Hello");
    }

    @Test
    void givenSettings_whenOpened_thenTheKeyAndExactlyTheConfiguredParametersAreSent() {
        DeepgramOptions options = new DeepgramOptions(server.uri(), Duration.ofMillis(250), Duration.ofSeconds(4),
                Duration.ofMillis(1500), Duration.ofSeconds(3));

        open(options);

        assertThat(server.authorization()).isEqualTo("Token " + FakeDeepgram.API_KEY);
        assertThat(server.path()).isEqualTo("/v1/listen");
        assertThat(server.query()).isEqualTo(Map.of(
                "model", "nova-3", "language", "en-US", "encoding", "linear16", "sample_rate", "16000",
                "channels", "1", "interim_results", "true", "endpointing", "250", "punctuate", "true",
                "smart_format", "true", "vad_events", "false"));
    }

    @Test
    void givenAStream_whenNoAudioIsSentForTheKeepAliveInterval_thenKeepAliveIsSentAndOnlyThen() {
        DeepgramOptions options = new DeepgramOptions(server.uri(), Duration.ofMillis(300), Duration.ofMillis(500),
                Duration.ofMillis(1500), Duration.ofSeconds(3));
        RecognitionSession session = open(options);

        await().pollInSameThread().pollInterval(Duration.ofMillis(20)).during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> {
                    accept(session);
                    return server.received("KeepAlive") == 0;
                });

        await().atMost(Duration.ofSeconds(3)).until(() -> server.received("KeepAlive") >= 2);
        assertThat(server.audioBytes()).isEqualTo(fedBytes);
    }

    @Test
    void givenOpenStreams_whenClosed_thenCloseStreamIsSentTheConnectionReleasedAndNothingMoreSent() {
        DeepgramOptions options = new DeepgramOptions(server.uri(), Duration.ofMillis(300), Duration.ofMillis(200),
                Duration.ofMillis(1500), Duration.ofSeconds(3));
        RecognitionSession session = open(options);
        List<RecognitionSession> others = List.of(open(options), open(options));
        assertThat(keepAliveThreads()).isLessThanOrEqualTo(1);
        others.forEach(RecognitionSession::close);
        speak(session, 5);

        long start = System.nanoTime();
        session.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(500));
        assertThat(server.controlMessages()).endsWith("CloseStream");
        await().atMost(Duration.ofSeconds(3)).until(() -> !server.hasOpenStreams());
        session.close();
        assertThatThrownBy(() -> session.accept(FRAME, 0, FRAME.length)).isInstanceOf(IllegalStateException.class);
        long keepAlives = server.received("KeepAlive");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> server.received("KeepAlive") == keepAlives);
    }

    @Test
    void givenTheServerIgnoresCloseStream_whenClosed_thenTheConnectionIsAbortedAfterHalfASecond() {
        server.ignoreCloseStream();
        RecognitionSession session = open(options());
        speak(session, 5);

        long start = System.nanoTime();
        session.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isBetween(Duration.ofMillis(490), Duration.ofMillis(1500));
        await().atMost(Duration.ofSeconds(3)).until(() -> !server.hasOpenStreams());
    }

    @Test
    void givenAWrongKey_whenOpened_thenAuthenticationFailsWithDeepgramsMessageAndWithoutTheKey() {
        String wrongKey = "dg-wrong-4d2f8a7731";
        DeepgramSpeechRecognizer recognizer = new DeepgramSpeechRecognizer(options(), wrongKey, http);

        Throwable failure = catchThrowable(() -> recognizer.open(STT, "en-US"));

        assertThat(server.authorization()).isEqualTo("Token " + wrongKey);
        assertProviderFailure(failure, Kind.AUTHENTICATION);
        ProviderException refused = (ProviderException) failure;
        assertThat(refused.httpStatus()).contains(401);
        assertThat(refused.getMessage()).contains("Invalid credentials.").doesNotContain(wrongKey);
    }

    @Test
    void givenTheServerRefusesWithoutAJsonBody_whenOpened_thenTheKindComesFromTheStatusAndTheReasonFromDgError() {
        server.refuseUpgrades(429, "<html><body><h1>429 Too Many Requests</h1></body></html>",
                "Too many concurrent requests for this project.");

        Throwable failure = catchThrowable(() -> recognizer(options()).open(STT, "en-US"));

        assertProviderFailure(failure, Kind.RATE_LIMITED);
        assertThat(((ProviderException) failure).httpStatus()).contains(429);
        assertThat(failure.getMessage()).contains("Too many concurrent requests for this project.").doesNotContain("<html>");
    }

    @Test
    void givenTheConnectionDropsMidStream_whenAudioIsFedNext_thenAcceptAndFinishFailWithConnection() {
        RecognitionSession session = open(options());
        speak(session, 5);

        server.drop();

        assertProviderFailure(failureOfNext(() -> accept(session)), Kind.CONNECTION);
        assertProviderFailure(catchThrowable(session::finishUtterance), Kind.CONNECTION);
    }

    @ParameterizedTest
    @CsvSource({
            "1008, 'DATA-0000: The payload cannot be decoded as audio.', PROTOCOL",
            "1011, 'NET-0001: Did not receive audio data or a text message within the timeout window.', CONNECTION"})
    void givenDeepgramClosesWithAnError_whenAudioIsFedNext_thenAcceptFailsWithItsKindAndReason(int code, String reason,
                                                                                              Kind kind) {
        RecognitionSession session = open(options());
        speak(session, 5);

        server.closeStream(code, reason);

        Throwable failure = failureOfNext(() -> accept(session));
        assertProviderFailure(failure, kind);
        assertThat(failure.getMessage()).contains(Integer.toString(code)).contains(reason.substring(0, 9));
    }

    @Test
    void givenMalformedJson_whenAudioIsFedNext_thenAcceptFailsWithProtocol() {
        RecognitionSession session = open(options());
        speak(session, 5);

        server.sendRaw("{\"type\":\"Results\",\"channel\":{\"alternatives\":[{\"transcript\":\"hel");

        Throwable failure = failureOfNext(() -> accept(session));
        assertProviderFailure(failure, Kind.PROTOCOL);
        assertThat(failure.getMessage()).contains("not JSON");
    }

    @Test
    void givenAServerThatNeverAnswersTheUpgrade_whenOpened_thenItTimesOutWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            DeepgramOptions options = new DeepgramOptions(URI.create("ws://127.0.0.1:" + silent.getLocalPort()),
                    Duration.ofMillis(300), Duration.ofSeconds(4), Duration.ofMillis(1500), Duration.ofMillis(300));

            long start = System.nanoTime();
            Throwable failure = catchThrowable(() -> recognizer(options).open(STT, "en-US"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertProviderFailure(failure, Kind.TIMEOUT);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    DeepgramOptions options() {
        return new DeepgramOptions(server.uri(), Duration.ofMillis(300), Duration.ofSeconds(4), Duration.ofMillis(400),
                Duration.ofSeconds(3));
    }

    DeepgramSpeechRecognizer recognizer(DeepgramOptions options) {
        return new DeepgramSpeechRecognizer(options, FakeDeepgram.API_KEY, http);
    }

    RecognitionSession open(DeepgramOptions options) {
        RecognitionSession session = recognizer(options).open(STT, "en-US");
        sessions.add(session);
        return session;
    }

    String accept(RecognitionSession session) {
        String partial = session.accept(FRAME, 0, FRAME.length);
        fedBytes += FRAME.length;
        return partial;
    }

    /** Feeds frames and waits until the server has them all, so the results it sends next cover that audio. */
    void speak(RecognitionSession session, int frames) {
        for (int i = 0; i < frames; i++) {
            accept(session);
        }
        await().atMost(Duration.ofSeconds(3)).until(server::audioBytes, equalTo(fedBytes));
    }

    /** Keeps feeding 20 ms frames, as a caller speaks, until the partial is {@code expected}. */
    void feedUntil(RecognitionSession session, String expected) {
        await().pollInSameThread().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(3))
                .until(() -> accept(session), equalTo(expected));
    }

    /** Keeps calling until the call fails. */
    Throwable failureOfNext(Callable<?> call) {
        return await().pollInSameThread().pollInterval(Duration.ofMillis(20)).atMost(Duration.ofSeconds(3))
                .until(() -> catchThrowable(call::call), notNullValue());
    }

    static void assertProviderFailure(Throwable failure, Kind kind) {
        assertThat(failure).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.provider()).isEqualTo("deepgram");
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).doesNotContain(FakeDeepgram.API_KEY);
        });
    }

    static long keepAliveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("deepgram-keepalive")).count();
    }
}
