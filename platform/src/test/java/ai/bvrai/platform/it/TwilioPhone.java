package ai.bvrai.platform.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.bvrai.voice.audio.MuLaw;
import ai.bvrai.voice.audio.Resampler;

/**
 * Twilio's side of a Media Stream, in Java: opens the WebSocket with a signature, sends {@code connected} and
 * {@code start}, then 20 ms {@code media} frames of μ-law 8 kHz in real time (silence unless told to say something),
 * and plays the platform's audio like Twilio's buffer does: {@code mark}s come back once the audio sent before them
 * has been played, {@code clear} drops what is queued and returns the pending marks at once (unplayed). Its player
 * can run behind a jitter buffer ({@link #playBehind}): audio reaching an idle line starts playing that much later.
 */
final class TwilioPhone extends JsonSocketListener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** Every mark received, in order; those played; those a clear returned unplayed. */
    final List<String> marks = new CopyOnWriteArrayList<>();
    final List<String> playedMarks = new CopyOnWriteArrayList<>();
    final List<String> clearedMarks = new CopyOnWriteArrayList<>();
    /** When each mark was played (System.nanoTime), and the agent audio received before each mark (bytes). */
    final Map<String, Long> markPlayedAt = new ConcurrentHashMap<>();
    final Map<String, Long> audioBeforeMark = new ConcurrentHashMap<>();
    /** When the first clear arrived (System.nanoTime; 0 before), and the agent audio received until then (bytes). */
    volatile long clearedAt;
    volatile long audioBeforeClear;
    final AtomicLong audioBytes = new AtomicLong();
    private final LinkedBlockingQueue<byte[]> speech = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService player = Executors.newSingleThreadScheduledExecutor();
    private final String streamSid = "MZ" + Long.toHexString(System.nanoTime());
    private final List<String> pendingMarks = new CopyOnWriteArrayList<>();
    private long playheadEnd;
    private volatile long jitterNanos;
    private WebSocket socket;
    private Thread line;
    private volatile boolean running = true;
    private int sequence;

    static TwilioPhone connect(URI uri, String signature, String callSid, String callId) {
        TwilioPhone phone = new TwilioPhone();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (signature != null) {
            builder.header("X-Twilio-Signature", signature);
        }
        phone.socket = builder.buildAsync(uri, phone).join();
        phone.send(phone.message("connected").put("protocol", "Call").put("version", "1.0.0"));
        ObjectNode start = phone.message("start");
        ObjectNode details = start.putObject("start");
        details.put("accountSid", "ACtest").put("streamSid", phone.streamSid).put("callSid", callSid);
        details.putArray("tracks").add("inbound");
        details.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        details.putObject("customParameters").put("callId", callId);
        phone.send(start);
        phone.line = Thread.ofPlatform().daemon().name("phone-line").start(phone::stream);
        return phone;
    }

    /** Speaks these 16 kHz samples next, as 8 kHz μ-law in 20 ms frames, then silence again. */
    void say(short[] pcm16k) {
        byte[] ulaw = MuLaw.encode(Resampler.resample(pcm16k, 16_000, 8_000));
        for (int at = 0; at < ulaw.length; at += 160) {
            speech.add(Arrays.copyOfRange(ulaw, at, Math.min(ulaw.length, at + 160)));
        }
    }

    /** From now on, agent audio reaching an idle line starts playing {@code jitter} later (Twilio's jitter buffer). */
    void playBehind(Duration jitter) {
        jitterNanos = jitter.toNanos();
    }

    /** Twilio's {@code stop}: the caller hung up. */
    void hangUp() {
        ObjectNode stop = message("stop");
        stop.putObject("stop").put("accountSid", "ACtest").put("callSid", "CAtest");
        send(stop);
        running = false;
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    void dtmf(String digit) {
        ObjectNode dtmf = message("dtmf");
        dtmf.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
        send(dtmf);
    }

    private void stream() {
        byte[] silence = new byte[160];
        Arrays.fill(silence, (byte) 0xFF);
        long next = System.nanoTime();
        long chunk = 0;
        while (running && !closed.isDone()) {
            byte[] frame = speech.poll();
            ObjectNode media = message("media");
            media.putObject("media").put("track", "inbound").put("chunk", String.valueOf(++chunk))
                    .put("timestamp", String.valueOf(chunk * 20))
                    .put("payload", Base64.getEncoder().encodeToString(frame != null ? frame : silence));
            try {
                send(media);
            } catch (RuntimeException e) {
                return;
            }
            next += FRAME_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);  // real time: the phone line's clock
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private synchronized void send(ObjectNode message) {
        message.put("sequenceNumber", String.valueOf(++sequence));
        socket.sendText(message.toString(), true).join();
    }

    private ObjectNode message(String event) {
        ObjectNode message = JSON.createObjectNode();
        message.put("event", event);
        if (!"connected".equals(event)) {
            message.put("streamSid", streamSid);
        }
        return message;
    }

    void stop() throws InterruptedException {
        running = false;
        if (line != null) {
            line.join(2_000);
        }
        player.shutdownNow();
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    long count(String event) {
        return received.stream().filter(m -> m.path("event").asText().equals(event)).count();
    }

    /** What Twilio would do with the platform's message. */
    private synchronized void handle(JsonNode message) {
        long now = System.nanoTime();
        switch (message.path("event").asText()) {
            case "media" -> {
                byte[] ulaw = Base64.getDecoder().decode(message.path("media").path("payload").asText());
                audioBytes.addAndGet(ulaw.length);
                playheadEnd = Math.max(playheadEnd, now + jitterNanos) + ulaw.length * FRAME_NANOS / 160;
            }
            case "mark" -> {
                String name = message.path("mark").path("name").asText();
                marks.add(name);
                audioBeforeMark.put(name, audioBytes.get());
                pendingMarks.add(name);
                player.schedule(() -> echo(name, true), Math.max(0, playheadEnd - now), TimeUnit.NANOSECONDS);
            }
            case "clear" -> {
                playheadEnd = now;
                if (clearedAt == 0) {
                    clearedAt = now;
                    audioBeforeClear = audioBytes.get();
                }
                for (String name : List.copyOf(pendingMarks)) {
                    echo(name, false);
                }
            }
            default -> {
            }
        }
    }

    /** Returns a mark: played (its audio is over) or dropped by a clear. */
    private void echo(String name, boolean played) {
        if (pendingMarks.remove(name) && running && !closed.isDone()) {
            if (played) {
                markPlayedAt.put(name, System.nanoTime());
                playedMarks.add(name);
            } else {
                clearedMarks.add(name);
            }
            ObjectNode mark = message("mark");
            mark.putObject("mark").put("name", name);
            try {
                send(mark);
            } catch (RuntimeException ignored) {
                // the stream is closing
            }
        }
    }

    @Override
    void onJson(JsonNode message) {
        received.add(message);
        handle(message);
    }
}
