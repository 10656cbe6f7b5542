package ai.bvrai.voice.stt.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Deepgram's live {@code /v1/listen} endpoint on 127.0.0.1 (a random port) with the documented message shapes.
 * It refuses the upgrade like Deepgram (401 and a JSON body for a wrong key, 400 for an audio format it was not
 * told), counts the audio it receives, sends the results a test scripts with the stream times Deepgram would give
 * them, answers {@code Finalize} with a {@code from_finalize} result, records {@code KeepAlive}, and answers
 * {@code CloseStream} with {@code Metadata} and a normal close. It can also refuse every upgrade, leave
 * {@code Finalize} or {@code CloseStream} unanswered, drop the connection, close it with an error or send a broken
 * message. One stream at a time.
 */
public final class FakeDeepgram extends WebSocketServer {

    /** The only key it accepts. */
    public static final String API_KEY = "dg-test-6f1c0e9a2b";

    private static final double BYTES_PER_SECOND = 32_000;

    private final ObjectMapper json = new ObjectMapper();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicLong audioBytes = new AtomicLong();
    private final List<String> controlMessages = new CopyOnWriteArrayList<>();
    private final String requestId = UUID.randomUUID().toString();
    private volatile WebSocket stream;
    private volatile String authorization;
    private volatile String path;
    private volatile Map<String, String> query = Map.of();
    private volatile Refusal refusal;
    private volatile boolean answersFinalize = true;
    private volatile boolean answersCloseStream = true;
    private volatile String finalizeTranscript = "";
    /** Stream time (s) up to which results were final; guarded by this. */
    private double finalizedUntil;
    /** Stream time (s) of a Finalize left unanswered; guarded by this. */
    private double unansweredFinalizeAt = -1;

    /** An upgrade refused with this status, body and {@code dg-error} header. */
    record Refusal(int status, String body, String dgError) {
    }

    private FakeDeepgram() {
        super(new InetSocketAddress("127.0.0.1", 0), List.of(new RefusingDraft()));
        setReuseAddr(true);
    }

    /** A started server. */
    public static FakeDeepgram listening() throws Exception {
        FakeDeepgram server = new FakeDeepgram();
        server.start();
        server.started.get(5, TimeUnit.SECONDS);
        return server;
    }

    public URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    // ---------------------------------------------------------------------------------------------------------
    // what a test tells it

    /** Sends an interim result for the audio after the last final one. */
    void interim(String transcript) {
        send(results(transcript, false, false, false, receivedSeconds()));
    }

    /** Sends a final result (a finalized segment) for the audio after the last final one. */
    void finalSegment(String transcript) {
        send(results(transcript, true, false, false, receivedSeconds()));
    }

    /** Sends a final result that is also an endpoint ({@code speech_final}). */
    void endpoint(String transcript) {
        send(results(transcript, true, true, false, receivedSeconds()));
    }

    /** The transcript of the next answer to Finalize (empty by default). */
    public void answerFinalizeWith(String transcript) {
        finalizeTranscript = transcript;
    }

    /** Leaves Finalize unanswered from now on. */
    void ignoreFinalize() {
        answersFinalize = false;
    }

    /** Answers the Finalize left unanswered now, with the stream time it had when it arrived. */
    synchronized void answerLateFinalize(String transcript) {
        if (unansweredFinalizeAt < 0) {
            throw new IllegalStateException("no Finalize was left unanswered");
        }
        send(results(transcript, true, false, true, unansweredFinalizeAt));
        unansweredFinalizeAt = -1;
    }

    /** Leaves CloseStream unanswered (no Metadata, no close). */
    void ignoreCloseStream() {
        answersCloseStream = false;
    }

    /** Refuses every upgrade from now on. */
    public void refuseUpgrades(int status, String body, String dgError) {
        refusal = new Refusal(status, body, dgError);
    }

    /** Drops the TCP connection without a close handshake. */
    void drop() {
        openStream().closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped");
    }

    /** Closes the stream from the server side, as Deepgram does on an error. */
    void closeStream(int code, String reason) {
        openStream().close(code, reason);
    }

    /** Sends text as it is, JSON or not. */
    void sendRaw(String text) {
        send(text);
    }

    // ---------------------------------------------------------------------------------------------------------
    // what it saw

    public long audioBytes() {
        return audioBytes.get();
    }

    /** The types of the text messages received, in order. */
    List<String> controlMessages() {
        return List.copyOf(controlMessages);
    }

    long received(String type) {
        return controlMessages.stream().filter(type::equals).count();
    }

    public String authorization() {
        return authorization;
    }

    String path() {
        return path;
    }

    Map<String, String> query() {
        return query;
    }

    boolean hasOpenStreams() {
        return !getConnections().isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // the server

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder response = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        authorization = request.getFieldValue("Authorization");
        URI target = URI.create(request.getResourceDescriptor());
        path = target.getPath();
        query = parse(target.getRawQuery());
        Refusal refused = refusal;
        if (refused == null && !("Token " + API_KEY).equals(authorization)) {
            refused = new Refusal(401, "{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\","
                    + "\"request_id\":\"" + requestId + "\"}", "Invalid credentials.");
        }
        if (refused == null && !(Map.of("encoding", "linear16", "sample_rate", "16000", "channels", "1").entrySet()
                .stream().allMatch(p -> p.getValue().equals(query.get(p.getKey()))))) {
            refused = new Refusal(400, "{\"err_code\":\"Bad Request\",\"err_msg\":\"Unsupported audio format.\","
                    + "\"request_id\":\"" + requestId + "\"}", "Unsupported audio format.");
        }
        ((RefusingDraft) draft).refusal = refused;
        return response;
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        if (((RefusingDraft) conn.getDraft()).refusal != null) {
            ((WebSocketImpl) conn).flushAndClose(CloseFrame.NEVER_CONNECTED, "upgrade refused", false);
            return;
        }
        stream = conn;
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer audio) {
        audioBytes.addAndGet(audio.remaining());
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        String type;
        try {
            type = json.readTree(message).path("type").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        controlMessages.add(type);
        switch (type) {
            case "Finalize" -> finalizeReceived(conn);
            case "CloseStream" -> {
                if (answersCloseStream) {
                    conn.send(metadata());
                    conn.close(CloseFrame.NORMAL);
                }
            }
            default -> { } // KeepAlive: recorded, never answered
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        // the tests look at getConnections()
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        // a broken connection is what some tests make
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    private synchronized void finalizeReceived(WebSocket conn) {
        double at = receivedSeconds();
        if (answersFinalize) {
            conn.send(results(finalizeTranscript, true, false, true, at));
            finalizeTranscript = "";
        } else {
            unansweredFinalizeAt = at;
        }
    }

    private double receivedSeconds() {
        return audioBytes.get() / BYTES_PER_SECOND;
    }

    private WebSocket openStream() {
        WebSocket open = stream;
        if (open == null || !open.isOpen()) {
            throw new IllegalStateException("no open stream");
        }
        return open;
    }

    private void send(String message) {
        openStream().send(message);
    }

    /** A Results message for the audio from the last final result to {@code end} (stream seconds). */
    private synchronized String results(String transcript, boolean isFinal, boolean speechFinal, boolean fromFinalize,
                                        double end) {
        double start = finalizedUntil;
        if (isFinal) {
            finalizedUntil = end;
        }
        ObjectNode message = json.createObjectNode();
        message.put("type", "Results");
        message.putArray("channel_index").add(0).add(1);
        message.put("duration", end - start);
        message.put("start", start);
        message.put("is_final", isFinal);
        message.put("speech_final", speechFinal);
        message.put("from_finalize", fromFinalize);
        ObjectNode alternative = message.putObject("channel").putArray("alternatives").addObject();
        alternative.put("transcript", transcript);
        alternative.put("confidence", 0.98);
        ArrayNode words = alternative.putArray("words");
        String[] spoken = transcript.isBlank() ? new String[0] : transcript.split(" ");
        double each = spoken.length == 0 ? 0 : (end - start) / spoken.length;
        for (int i = 0; i < spoken.length; i++) {
            words.addObject()
                    .put("word", spoken[i].replaceAll("\\p{Punct}", "").toLowerCase())
                    .put("start", start + i * each)
                    .put("end", start + (i + 1) * each)
                    .put("confidence", 0.98)
                    .put("punctuated_word", spoken[i]);
        }
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("request_id", requestId);
        metadata.putObject("model_info").put("name", "general-nova-3").put("version", "2024-12-20.0").put("arch", "nova-3");
        metadata.put("model_uuid", "3b3aabe4-608a-46ac-9585-7960a25daf1a");
        return message.toString();
    }

    private String metadata() {
        ObjectNode message = json.createObjectNode();
        message.put("type", "Metadata");
        message.put("transaction_key", "deprecated");
        message.put("request_id", requestId);
        message.put("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        message.put("created", "2026-01-01T00:00:00.000Z");
        message.put("duration", receivedSeconds());
        message.put("channels", 1);
        return message.toString();
    }

    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery != null) {
            Arrays.stream(rawQuery.split("&")).map(p -> p.split("=", 2)).forEach(p -> parameters.put(
                    URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                    p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : ""));
        }
        return Map.copyOf(parameters);
    }

    /**
     * Answers a refused upgrade with the status, JSON body and {@code dg-error}/{@code dg-request-id} headers Deepgram
     * sends (Java-WebSocket itself only refuses with a fixed 404 or 500 page). One instance per connection.
     */
    private static final class RefusingDraft extends Draft_6455 {

        private volatile Refusal refusal;

        @Override
        public Draft copyInstance() {
            return new RefusingDraft();
        }

        @Override
        public List<ByteBuffer> createHandshake(Handshakedata handshake) {
            Refusal refused = refusal;
            if (refused == null || !(handshake instanceof ServerHandshake)) {
                return super.createHandshake(handshake);
            }
            byte[] body = refused.body().getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 " + refused.status() + " Refused\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "dg-request-id: " + UUID.randomUUID() + "\r\n"
                    + "dg-error: " + refused.dgError() + "\r\n"
                    + "Connection: close\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer response = ByteBuffer.allocate(headBytes.length + body.length).put(headBytes).put(body).flip();
            return List.of(response);
        }
    }
}
