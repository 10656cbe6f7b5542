package ai.bvrai.voice.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Records what the session sends to the caller, with arrival times. */
final class FakeTransport implements CallTransport {

    record Sent(long atNanos, JsonNode control, byte[] audio) {
        String type() {
            return control == null ? "audio" : control.path("type").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void sendText(String json) {
        try {
            sent.add(new Sent(System.nanoTime(), JSON.readTree(json), null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        sent.add(new Sent(System.nanoTime(), null, pcm16));
    }

    @Override
    public void close(boolean normal, String reason) {
        closed = true;
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
