package ai.bvrai.voice.tts.elevenlabs;

import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.voice.audio.MuLaw;
import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.engine.AudioSink;
import ai.bvrai.voice.engine.Cancellation;
import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import ai.bvrai.voice.tts.elevenlabs.ElevenLabsOptions.OutputFormat;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Against WireMock playing ElevenLabs' streaming text-to-speech endpoint. */
class ElevenLabsSpeechSynthesizerTest {

    private static final String KEY = "sk_4f1e9c2b7d0a63e5b8f1c4d7a2e9b6c3";
    private static final String VOICE_ID = "JBFqnCBsd6RMkjVDRZzb";
    private static final VoiceSettings VOICE = new VoiceSettings("elevenlabs", VOICE_ID);
    private static final String STREAM_PATH = "/v1/text-to-speech/" + VOICE_ID + "/stream";
    private static final String SENTENCE = "The first move is what sets everything in motion.";

    private WireMockServer server;
    private HttpClient http;
    private ExecutorService callers;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        http.shutdownNow();
        server.stop();
    }

    @Test
    void givenASentence_whenSynthesized_thenElevenLabsIsAskedForItWithTheVoiceFormatKeyAndModel() {
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(new byte[640]));

        synthesizer(ElevenLabsOptions.defaults()).synthesize(SENTENCE, VOICE, new RecordingSink(), new Cancellation());

        server.verify(1, postRequestedFor(urlPathEqualTo(STREAM_PATH))
                .withQueryParam("output_format", equalTo("pcm_16000"))
                .withHeader("xi-api-key", equalTo(KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Accept", equalTo("audio/*"))
                .withRequestBody(equalToJson("{\"text\": \"" + SENTENCE + "\", \"model_id\": \"eleven_flash_v2_5\"}")));
    }

    /** 9 chunks of 3555 bytes (odd: chunks end inside samples), one every 200 ms. */
    @Test
    void givenAChunkedPcmStream_whenSynthesized_thenTheSinkGetsEveryByteInOrderWhileTheRestIsStillOnItsWay() {
        byte[] audio = pcm(32_000);
        stubStream("pcm_16000", aResponse().withStatus(200).withHeader("Content-Type", "audio/pcm")
                .withBody(audio).withChunkedDribbleDelay(9, 1_800));
        RecordingSink sink = new RecordingSink();

        long start = System.nanoTime();
        synthesizer(ElevenLabsOptions.defaults()).synthesize(SENTENCE, VOICE, sink, new Cancellation());
        long end = System.nanoTime();

        assertThat(Arrays.mismatch(sink.audio(), audio)).as("index of the first wrong byte").isEqualTo(-1);
        assertThat(sink.pieceLengths()).allSatisfy(length -> assertThat(length % 2).isZero());
        assertThat(sink.pieceLengths()).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(3_200));
        // 8 more chunks were due 200 ms apart after the first one: the first audio did not wait for them
        assertThat(Duration.ofNanos(end - sink.firstAudioNanos())).isGreaterThan(Duration.ofMillis(1_200));
        System.out.printf("elevenlabs: first audio after %d ms (the stub sends its first chunk at 200 ms), "
                + "sentence done after %d ms%n", (sink.firstAudioNanos() - start) / 1_000_000, (end - start) / 1_000_000);
    }

    @Test
    void givenAUlawTone_whenSynthesized_thenTheSinkGetsItAs16kHzPcmWithTwiceTheSamplesAndNothingLost() {
        short[] tone8k = sine(440, 8_000, 4_000);
        stubStream("ulaw_8000", aResponse().withStatus(200).withHeader("Content-Type", "audio/basic")
                .withBody(MuLaw.encode(tone8k)).withChunkedDribbleDelay(7, 350));
        RecordingSink sink = new RecordingSink();

        synthesizer(ElevenLabsOptions.defaults().withOutputFormat(OutputFormat.ULAW_8000))
                .synthesize(SENTENCE, VOICE, sink, new Cancellation());

        short[] pcm = Pcm16.toShorts(sink.audio());
        assertThat(pcm).hasSize(2 * tone8k.length);
        assertThat(dominantFrequency(pcm, 16_000)).isBetween(435, 445);
        // aligned with the tone and complete to its last sample: the resampler's delay is gone, its tail flushed
        short[] expected = sine(440, 16_000, pcm.length);
        // (μ-law's quantisation alone is ~0.005 of full scale)
        assertThat(rmsError(pcm, expected, 0, 320)).as("first 20 ms").isLessThan(0.01);
        assertThat(rmsError(pcm, expected, 320, pcm.length - 320)).isLessThan(0.01);
        assertThat(rmsError(pcm, expected, pcm.length - 320, pcm.length)).as("last 20 ms").isLessThan(0.01);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            401 | {"detail":{"status":"invalid_api_key","message":"Invalid API key"}}                         | AUTHENTICATION | Invalid API key (invalid_api_key)
            429 | {"detail":{"status":"too_many_concurrent_requests","message":"Too many concurrent requests"}} | RATE_LIMITED   | Too many concurrent requests
            500 | Internal Server Error                                                                       | SERVER_ERROR   | Internal Server Error
            422 | {"detail":[{"loc":["body","text"],"msg":"field required","type":"value_error.missing"}]}    | REJECTED       | body.text: field required
            404 | {"detail":{"status":"voice_not_found","message":"A voice with that voice_id was not found."}} | REJECTED       | A voice with that voice_id was not found.
            """)
    void givenElevenLabsRefuses_whenSynthesized_thenProviderExceptionOfItsKindWithItsMessageButNotTheKey(
            int status, String body, Kind kind, String message) {
        stubStream("pcm_16000", aResponse().withStatus(status).withBody(body));

        ProviderException e = synthesisFailure(ElevenLabsOptions.defaults(), new RecordingSink());

        assertThat(e.provider()).isEqualTo("elevenlabs");
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).contains(status);
        assertThat(e.getMessage()).contains("HTTP " + status).contains(message).doesNotContain(KEY);
    }

    @Test
    void givenAnErrorBodyQuotingTheKey_whenSynthesized_thenTheMessageHasTheKeyRedacted() {
        stubStream("pcm_16000", aResponse().withStatus(401)
                .withBody("{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key '" + KEY + "'\"}}"));

        ProviderException e = synthesisFailure(ElevenLabsOptions.defaults(), new RecordingSink());

        assertThat(e.getMessage()).doesNotContain(KEY).contains("Invalid API key '[redacted]'");
    }

    @Test
    void givenNoAnswerForSeconds_whenTheFirstByteTimeoutPasses_thenTimeoutSoonAfter() {
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(pcm(3_200)).withFixedDelay(5_000));

        long start = System.nanoTime();
        ProviderException e = synthesisFailure(ElevenLabsOptions.defaults().withFirstByteTimeout(Duration.ofMillis(300)),
                new RecordingSink());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("no audio within 300 ms");
        assertThat(elapsed).isBetween(Duration.ofMillis(300), Duration.ofMillis(1_500));
    }

    @Test
    void givenAStreamSlowerThanTheSentenceTimeout_whenSynthesized_thenTimeoutAfterTheAudioSoFar() {
        byte[] audio = pcm(32_000);
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(audio).withChunkedDribbleDelay(10, 3_000));
        RecordingSink sink = new RecordingSink();

        long start = System.nanoTime();
        ProviderException e = synthesisFailure(ElevenLabsOptions.defaults().withSentenceTimeout(Duration.ofSeconds(1)), sink);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).contains("not spoken within 1000 ms");
        assertThat(elapsed).isBetween(Duration.ofMillis(1_000), Duration.ofMillis(2_000));
        assertThat(sink.audio().length).isPositive().isLessThan(audio.length);
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_RESET_BY_PEER, CONNECTION", "MALFORMED_RESPONSE_CHUNK, PROTOCOL"})
    void givenABrokenAnswer_whenSynthesized_thenProviderExceptionOfItsKind(Fault fault, Kind kind) {
        stubStream("pcm_16000", aResponse().withFault(fault));

        ProviderException e = synthesisFailure(ElevenLabsOptions.defaults(), new RecordingSink());

        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.httpStatus()).isEmpty();
    }

    @Test
    void givenAStreamThatEndsMidChunkAfterSomeAudio_whenSynthesized_thenTheAudioArrivedAndProtocolFailure() throws IOException {
        byte[] firstChunk = pcm(1_600);
        RecordingSink sink = new RecordingSink();
        CountDownLatch audioArrived = new CountDownLatch(1);
        sink.onAudio(audioArrived::countDown);
        try (ServerSocket truncating = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            callers.submit(() -> answerWithOneChunkThenClose(truncating, firstChunk, audioArrived));
            ElevenLabsSpeechSynthesizer tts = new ElevenLabsSpeechSynthesizer(ElevenLabsOptions.defaults()
                    .withBaseUrl(URI.create("http://127.0.0.1:" + truncating.getLocalPort())), KEY, http);

            ProviderException e = catchThrowableOfType(ProviderException.class,
                    () -> tts.synthesize(SENTENCE, VOICE, sink, new Cancellation()));

            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("broke after 1600 bytes");
            assertThat(Arrays.mismatch(sink.audio(), firstChunk)).as("index of the first wrong byte").isEqualTo(-1);
        }
    }

    @Test
    void givenAStreamingSentence_whenTheSinkCancelsAtTheFirstAudio_thenItReturnsAtOnceWithoutTheRest() {
        byte[] audio = pcm(32_000);
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(audio).withChunkedDribbleDelay(10, 2_000));
        Cancellation cancel = new Cancellation();
        RecordingSink sink = new RecordingSink();
        sink.onAudio(cancel::cancel);

        long start = System.nanoTime();
        synthesizer(ElevenLabsOptions.defaults()).synthesize(SENTENCE, VOICE, sink, cancel);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(sink.pieceLengths()).hasSize(1);
        assertThat(sink.audio().length).isLessThan(audio.length);
        assertThat(elapsed).isLessThan(Duration.ofMillis(1_000));
    }

    @Test
    void givenAStreamWaitingForItsNextChunk_whenCancelledFromAnotherThread_thenItReturnsPromptlyWithoutError() {
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(pcm(12_800)).withChunkedDribbleDelay(4, 4_000));
        Cancellation cancel = new Cancellation();
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Void> speaking = CompletableFuture.runAsync(
                () -> synthesizer(ElevenLabsOptions.defaults()).synthesize(SENTENCE, VOICE, sink, cancel), callers);
        await().atMost(Duration.ofSeconds(3)).until(() -> !sink.pieceLengths().isEmpty());

        cancel.cancel();

        // the next chunk is a second away
        await().atMost(Duration.ofMillis(400)).until(speaking::isDone);
        assertThat(speaking).isCompleted();
        assertThat(sink.audio().length).isPositive().isLessThanOrEqualTo(3_200);
    }

    @Test
    void givenASlowAnswer_whenCancelledBeforeItsFirstByte_thenItReturnsPromptlyWithoutError() {
        stubStream("pcm_16000", aResponse().withStatus(200).withBody(pcm(3_200)).withFixedDelay(4_000));
        Cancellation cancel = new Cancellation();
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Void> speaking = CompletableFuture.runAsync(
                () -> synthesizer(ElevenLabsOptions.defaults()).synthesize(SENTENCE, VOICE, sink, cancel), callers);
        await().atMost(Duration.ofSeconds(3)).until(() -> !server.getAllServeEvents().isEmpty());

        cancel.cancel();

        await().atMost(Duration.ofMillis(400)).until(speaking::isDone);
        assertThat(speaking).isCompleted();
        assertThat(sink.pieceLengths()).isEmpty();
    }

    @Test
    void givenAVoiceIdThatIsNoElevenLabsId_whenSynthesized_thenRejectedWithoutARequest() {
        ElevenLabsSpeechSynthesizer tts = synthesizer(ElevenLabsOptions.defaults());

        assertThatThrownBy(() -> tts.synthesize(SENTENCE, new VoiceSettings("elevenlabs", "../../v1/user"),
                new RecordingSink(), new Cancellation()))
                .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    private ElevenLabsSpeechSynthesizer synthesizer(ElevenLabsOptions options) {
        return new ElevenLabsSpeechSynthesizer(options.withBaseUrl(URI.create("http://127.0.0.1:" + server.port())), KEY, http);
    }

    private ProviderException synthesisFailure(ElevenLabsOptions options, AudioSink sink) {
        ElevenLabsSpeechSynthesizer tts = synthesizer(options);
        return catchThrowableOfType(ProviderException.class, () -> tts.synthesize(SENTENCE, VOICE, sink, new Cancellation()));
    }

    /** Stubs the streaming endpoint for this voice, key and output format only. */
    private void stubStream(String outputFormat, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(STREAM_PATH))
                .withQueryParam("output_format", equalTo(outputFormat))
                .withHeader("xi-api-key", equalTo(KEY))
                .willReturn(response));
    }

    /** A minimal HTTP/1.1 server: reads one request, sends 200 and one chunk, waits for it to be heard, closes. */
    private static Void answerWithOneChunkThenClose(ServerSocket server, byte[] chunk, CountDownLatch heard) throws Exception {
        try (Socket socket = server.accept()) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            int contentLength = 0;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring("content-length:".length()).strip());
                }
            }
            in.readNBytes(contentLength);
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            heard.await(5, TimeUnit.SECONDS);
        }
        return null;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A byte pattern in which any lost, doubled or reordered byte shows. */
    private static byte[] pcm(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        return bytes;
    }

    private static short[] sine(double hz, int rate, int samples) {
        short[] s = new short[samples];
        for (int i = 0; i < samples; i++) {
            s[i] = (short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** The frequency, in 5 Hz steps up to the Nyquist frequency, with the most power (Goertzel). */
    private static int dominantFrequency(short[] samples, int rate) {
        int best = 0;
        double bestPower = -1;
        for (int hz = 50; hz < rate / 2; hz += 5) {
            double coefficient = 2 * Math.cos(2 * Math.PI * hz / rate);
            double s1 = 0, s2 = 0;
            for (short sample : samples) {
                double s0 = sample + coefficient * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
            if (power > bestPower) {
                bestPower = power;
                best = hz;
            }
        }
        return best;
    }

    /** Root mean square difference over [from, to), relative to full scale. */
    private static double rmsError(short[] actual, short[] expected, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double d = (actual[i] - expected[i]) / 32768.0;
            sum += d * d;
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Records the audio handed over, piece by piece, and when the first piece came. */
    private static final class RecordingSink implements AudioSink {

        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final List<Integer> pieceLengths = new ArrayList<>();
        private long firstAudioNanos;
        private Runnable onAudio = () -> { };

        synchronized void onAudio(Runnable onAudio) {
            this.onAudio = onAudio;
        }

        @Override
        public void accept(byte[] pcm16, int offset, int length) {
            Runnable listener;
            synchronized (this) {
                if (pieceLengths.isEmpty()) {
                    firstAudioNanos = System.nanoTime();
                }
                audio.write(pcm16, offset, length);
                pieceLengths.add(length);
                listener = onAudio;
            }
            listener.run();
        }

        synchronized byte[] audio() {
            return audio.toByteArray();
        }

        synchronized List<Integer> pieceLengths() {
            return List.copyOf(pieceLengths);
        }

        synchronized long firstAudioNanos() {
            return firstAudioNanos;
        }
    }
}
