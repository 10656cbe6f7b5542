package ai.bvrai.voice.stt.deepgram;

import ai.bvrai.voice.engine.ProviderException;
import ai.bvrai.voice.engine.ProviderException.Kind;
import ai.bvrai.voice.engine.RecognitionSession;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One call's Deepgram stream. The voice-in thread feeds it; Deepgram's messages arrive on the HTTP client's threads
 * and keep-alives go out from one scheduler thread shared by all sessions (it ends itself when no stream is open).
 *
 * <p>Sends never block the caller: they are chained, because the JDK WebSocket takes one send at a time, and more
 * than {@value #MAX_QUEUED_AUDIO_SECONDS} s of audio not yet taken by the network counts as a broken connection.
 *
 * <p>An utterance is the audio since the last {@code finishUtterance}. Deepgram's results carry the stream time they
 * cover ({@code start}, {@code duration}); a result that ends where the current utterance starts belongs to the one
 * before (an answer to {@code Finalize} that came after {@code finishUtterance} stopped waiting) and is dropped.
 */
final class DeepgramRecognitionSession implements RecognitionSession {

    private static final Logger log = LoggerFactory.getLogger(DeepgramRecognitionSession.class);

    /** 16 kHz × 16 bit × 1 channel. */
    private static final int BYTES_PER_SECOND = 32_000;
    private static final int MAX_QUEUED_AUDIO_SECONDS = 5;
    /** Deepgram's stream times are rounded: a result ending this close to an utterance's start is of the one before. */
    private static final double SAME_TIME_SECONDS = 0.05;
    private static final long CLOSE_WAIT_MS = 500;
    private static final String KEEP_ALIVE = "{\"type\":\"KeepAlive\"}";
    private static final String FINALIZE = "{\"type\":\"Finalize\"}";
    private static final String CLOSE_STREAM = "{\"type\":\"CloseStream\"}";
    private static final int MAX_EXCERPT_CHARS = 80;
    /** What the JDK reports when the connection ends without a close message. */
    private static final int ABNORMAL_CLOSURE = 1006;

    private static final ScheduledThreadPoolExecutor KEEP_ALIVES = keepAliveScheduler();

    private final DeepgramOptions options;
    private final ObjectMapper json;
    private final Receiver receiver = new Receiver();
    private final CompletableFuture<Void> inputClosed = new CompletableFuture<>();
    private volatile WebSocket webSocket;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> keepAlive;
    private volatile long lastSentNanos;

    private final Object sendLock = new Object();
    /** The last send in the chain; guarded by {@code sendLock}. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    /** Written under {@code sendLock}: nothing is sent after {@code CloseStream}. */
    private volatile boolean closeStreamSent;
    private final AtomicLong queuedAudioBytes = new AtomicLong();

    private final Object lock = new Object();
    /** Finalized segments of the current utterance; guarded by {@code lock}. */
    private final StringBuilder finalized = new StringBuilder();
    /** Deepgram's latest hypothesis for what follows the finalized segments; guarded by {@code lock}. */
    private String interim = "";
    /** Stream time (s) where the current utterance starts; guarded by {@code lock}. */
    private double utteranceStart;
    /** Completed by the answer to {@code Finalize} while {@code finishUtterance} waits; guarded by {@code lock}. */
    private CompletableFuture<Void> finalizeAnswered;
    /** The first failure; set under {@code lock}. */
    private volatile Failure failure;

    // the feeding thread's own
    private long audioBytes;
    private boolean audioSinceFinish;

    DeepgramRecognitionSession(DeepgramOptions options, ObjectMapper json) {
        this.options = options;
        this.json = json;
    }

    WebSocket.Listener listener() {
        return receiver;
    }

    /** Takes the opened WebSocket and starts the keep-alive. */
    void start(WebSocket opened) {
        webSocket = opened;
        lastSentNanos = System.nanoTime();
        if (failure != null) {
            opened.abort();
            return;
        }
        keepAlive = KEEP_ALIVES.schedule(this::keepAliveDue, options.keepAliveInterval().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String accept(byte[] pcm16, int offset, int length) {
        ensureUsable();
        Objects.checkFromIndexSize(offset, length, pcm16.length);
        if (length > 0) { // Deepgram takes an empty binary message as the end of the audio
            if (queuedAudioBytes.get() > (long) MAX_QUEUED_AUDIO_SECONDS * BYTES_PER_SECOND) {
                fail(Kind.CONNECTION, "the connection is stalled: more than " + MAX_QUEUED_AUDIO_SECONDS
                        + " s of audio wait to be sent");
                throw failure.exception();
            }
            ByteBuffer audio = ByteBuffer.wrap(Arrays.copyOfRange(pcm16, offset, offset + length));
            queuedAudioBytes.addAndGet(length);
            send(ws -> ws.sendBinary(audio, true).whenComplete((sent, error) -> queuedAudioBytes.addAndGet(-length)));
            audioBytes += length;
            audioSinceFinish = true;
        }
        synchronized (lock) {
            return utteranceText();
        }
    }

    /**
     * Sends {@code Finalize} and waits, at most the finalize timeout, for Deepgram's {@code from_finalize} answer.
     * When it does not come in time (Deepgram does not promise one when little audio is buffered) this returns the
     * finalized segments plus the last interim hypothesis; the late answer is then dropped by its stream time. Without
     * audio since the last utterance nothing is sent and nothing awaited.
     */
    @Override
    public String finishUtterance() {
        ensureUsable();
        if (audioSinceFinish) {
            awaitFinalize();
        }
        synchronized (lock) {
            String text = utteranceText();
            finalized.setLength(0);
            interim = "";
            utteranceStart = (double) audioBytes / BYTES_PER_SECOND;
            audioSinceFinish = false;
            return text;
        }
    }

    private void awaitFinalize() {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        synchronized (lock) {
            ensureUsable(); // a failure from now on completes the answer exceptionally
            finalizeAnswered = answered;
        }
        sendText(FINALIZE);
        try {
            answered.get(options.finalizeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.debug("Deepgram did not answer Finalize within {} ms; the utterance ends with its interim hypothesis",
                    options.finalizeTimeout().toMillis());
        } catch (ExecutionException e) {
            ensureUsable(); // completed exceptionally only by a failure: throws it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                finalizeAnswered = null;
            }
        }
    }

    /** Sends {@code CloseStream}, waits up to 500 ms for Deepgram to close the stream, then drops the connection. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ScheduledFuture<?> pending = keepAlive;
        if (pending != null) {
            pending.cancel(false);
        }
        WebSocket ws = webSocket;
        if (ws == null) {
            return;
        }
        if (failure == null) {
            synchronized (sendLock) {
                enqueue(w -> w.sendText(CLOSE_STREAM, true));
                closeStreamSent = true;
            }
            try {
                inputClosed.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                log.debug("Deepgram did not close the stream within {} ms of CloseStream", CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ws.abort();
    }

    private void ensureUsable() {
        if (closed) {
            throw new IllegalStateException("recognition session is closed");
        }
        Failure failed = failure;
        if (failed != null) {
            throw failed.exception();
        }
    }

    /** Guarded by {@code lock}. */
    private String utteranceText() {
        if (finalized.isEmpty()) {
            return interim;
        }
        return interim.isEmpty() ? finalized.toString() : finalized + " " + interim;
    }

    private void keepAliveDue() {
        if (closed || failure != null) {
            return;
        }
        long interval = options.keepAliveInterval().toNanos();
        long idle = System.nanoTime() - lastSentNanos;
        if (idle >= interval) {
            sendText(KEEP_ALIVE);
            idle = 0;
        }
        keepAlive = KEEP_ALIVES.schedule(this::keepAliveDue, interval - idle, TimeUnit.NANOSECONDS);
    }

    private void sendText(String message) {
        send(ws -> ws.sendText(message, true));
    }

    private void send(Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        synchronized (sendLock) {
            if (!closeStreamSent) {
                enqueue(operation);
            }
        }
    }

    /** Guarded by {@code sendLock}. */
    private void enqueue(Function<WebSocket, CompletableFuture<WebSocket>> operation) {
        lastSentNanos = System.nanoTime();
        sending = sending.thenCompose(previous -> operation.apply(webSocket)).whenComplete((ws, error) -> {
            if (error != null) {
                fail(Kind.CONNECTION, "cannot send: " + rootCause(error));
            }
        });
    }

    /** Records the first failure (none once closed), wakes a waiting {@code finishUtterance} and drops the connection. */
    private void fail(Kind kind, String message) {
        CompletableFuture<Void> waiting;
        synchronized (lock) {
            if (failure != null || closed) {
                return;
            }
            failure = new Failure(kind, message);
            waiting = finalizeAnswered;
        }
        log.debug("Deepgram stream failed ({}): {}", kind, message);
        if (waiting != null) {
            waiting.completeExceptionally(failure.exception());
        }
        ScheduledFuture<?> pending = keepAlive;
        if (pending != null) {
            pending.cancel(false);
        }
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.abort();
        }
    }

    private void received(String message) {
        JsonNode msg;
        try {
            msg = json.readTree(message);
        } catch (JsonProcessingException e) {
            fail(Kind.PROTOCOL, "the server sent a message that is not JSON: " + excerpt(message));
            return;
        }
        if (!msg.isObject()) {
            fail(Kind.PROTOCOL, "the server sent a message that is not a JSON object: " + excerpt(message));
            return;
        }
        switch (msg.path("type").asText("")) {
            case "Results" -> result(msg);
            case "Metadata" -> log.debug("Deepgram stream {} closing", msg.path("request_id").asText("?"));
            default -> { } // SpeechStarted, UtteranceEnd (neither asked for) and types Deepgram adds later
        }
    }

    private void result(JsonNode msg) {
        JsonNode transcript = msg.path("channel").path("alternatives").path(0).path("transcript");
        if (!transcript.isTextual()) {
            fail(Kind.PROTOCOL, "the server sent Results without channel.alternatives[0].transcript: " + excerpt(msg.toString()));
            return;
        }
        String text = transcript.asText().strip();
        // no times: taken as the current utterance's (NaN compares false)
        double end = msg.path("start").asDouble(Double.NaN) + msg.path("duration").asDouble(0);
        CompletableFuture<Void> answered = null;
        synchronized (lock) {
            if (end <= utteranceStart + SAME_TIME_SECONDS && utteranceStart > 0) {
                return; // of an utterance already finished
            }
            if (msg.path("is_final").asBoolean(false)) { // speech_final implies is_final: its text is kept the same way
                if (!text.isEmpty()) {
                    if (!finalized.isEmpty()) {
                        finalized.append(' ');
                    }
                    finalized.append(text);
                }
                interim = "";
            } else {
                interim = text;
            }
            if (msg.path("from_finalize").asBoolean(false)) {
                answered = finalizeAnswered;
            }
        }
        if (answered != null) {
            answered.complete(null);
        }
    }

    private static Kind kindOfClose(int code) {
        return switch (code) {
            // policy (Deepgram's DATA-… errors: audio it cannot decode), protocol, data type, payload, size
            case 1008, 1002, 1003, 1007, 1009 -> Kind.PROTOCOL;
            default -> Kind.CONNECTION; // 1011 with NET-… (no audio in time, network), 1006 (lost), 1000/1001 unasked
        };
    }

    private static String excerpt(String text) {
        return text.length() <= MAX_EXCERPT_CHARS ? text : text.substring(0, MAX_EXCERPT_CHARS) + "…";
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static ScheduledThreadPoolExecutor keepAliveScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("deepgram-keepalive").daemon().factory());
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(10, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }

    /** What broke the stream; every call after it throws it anew, from the caller's stack. */
    private record Failure(Kind kind, String message) {

        ProviderException exception() {
            return new ProviderException(DeepgramSpeechRecognizer.PROVIDER, kind, null, message);
        }
    }

    /** Deepgram's side of the stream. Invoked one call at a time by the HTTP client. */
    private final class Receiver implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                received(message);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1); // Deepgram sends none
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inputClosed.complete(null);
            if (!closeStreamSent) {
                String why = reason == null || reason.isBlank() ? "" : " " + DeepgramSpeechRecognizer.shorten(reason);
                fail(kindOfClose(statusCode), statusCode == ABNORMAL_CLOSURE
                        ? "the connection was lost (" + statusCode + why + ")"
                        : "the server closed the stream: " + statusCode + why);
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inputClosed.complete(null);
            fail(Kind.CONNECTION, "the connection broke: " + rootCause(error));
        }
    }
}
