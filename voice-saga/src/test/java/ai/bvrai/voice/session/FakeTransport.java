package ai.bvrai.voice.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Records what the session sends to the caller, with arrival times. Like a browser it confirms no playback; made with
 * {@link #phone}, it plays the audio like Twilio does behind a jitter buffer and confirms marks once the audio before
 * them has been played (a flush drops what is queued and the marks with it).
 */
final class FakeTransport implements CallTransport {

    record Sent(long atNanos, JsonNode control, byte[] audio) {
        String type() {
            return control == null ? "audio" : control.path("type").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Marks in the order they were placed, and those the phone played (a flush drops the others). */
    final List<String> marks = new CopyOnWriteArrayList<>();
    final List<String> playedMarks = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    private final long jitterNanos;
    private final ScheduledExecutorService player;
    private final Map<String, Runnable> pending = new LinkedHashMap<>();
    private long playheadEnd;

    FakeTransport() {
        this.jitterNanos = -1;
        this.player = null;
    }

    private FakeTransport(Duration jitter) {
        this.jitterNanos = jitter.toNanos();
        this.player = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());
        this.playheadEnd = System.nanoTime();
    }

    /** A phone whose player starts {@code jitter} after audio arrives at an idle line. */
    static FakeTransport phone(Duration jitter) {
        return new FakeTransport(jitter);
    }

    @Override
    public void sendText(String json) {
        try {
            JsonNode control = JSON.readTree(json);
            sent.add(new Sent(System.nanoTime(), control, null));
            if (player != null && control.path("type").asText().equals("flush")) {
                synchronized (this) {
                    pending.clear();
                    playheadEnd = System.nanoTime();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        long now = System.nanoTime();
        sent.add(new Sent(now, null, pcm16));
        if (player != null) {
            synchronized (this) {
                playheadEnd = Math.max(playheadEnd, now + jitterNanos) + FRAME_NANOS;
            }
        }
    }

    @Override
    public boolean markPlayback(String name, Runnable played) {
        if (player == null || closed) {
            return false;
        }
        marks.add(name);
        synchronized (this) {
            pending.put(name, played);
            player.schedule(() -> play(name), Math.max(0, playheadEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private void play(String name) {
        Runnable played;
        synchronized (this) {
            played = pending.remove(name);
        }
        if (played != null) {
            playedMarks.add(name);
            played.run();
        }
    }

    @Override
    public void close(boolean normal, String reason) {
        closed = true;
        if (player != null) {
            player.shutdownNow();
        }
    }

    List<String> types() {
        return sent.stream().map(Sent::type).filter(type -> !type.equals("audio")).toList();
    }

    long audioFrames() {
        return sent.stream().filter(s -> s.audio() != null).count();
    }

    List<JsonNode> controls(String type) {
        return sent.stream().filter(s -> s.type().equals(type)).map(Sent::control).toList();
    }

    Sent first(String type) {
        return sent.stream().filter(s -> s.type().equals(type)).findFirst().orElse(null);
    }
}
