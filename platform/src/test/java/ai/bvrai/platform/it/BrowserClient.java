package ai.bvrai.platform.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A browser's side of a web call, in Java: streams 20 ms PCM16 frames in real time (silence unless told to say
 * something), collects the server's control messages and counts the agent's audio.
 */
final class BrowserClient extends JsonSocketListener {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<JsonNode> controls = new CopyOnWriteArrayList<>();
    final AtomicLong audioBytes = new AtomicLong();
    private final java.util.concurrent.LinkedBlockingQueue<byte[]> speech = new java.util.concurrent.LinkedBlockingQueue<>();
    private WebSocket socket;
    private Thread microphone;
    private volatile boolean running = true;

    static BrowserClient connect(URI uri) {
        BrowserClient client = new BrowserClient();
        client.socket = HTTP.newWebSocketBuilder().buildAsync(uri, client).join();
        client.microphone = Thread.ofPlatform().daemon().name("microphone").start(client::stream);
        return client;
    }

    /** Speaks these samples next (in 20 ms frames), then silence again. */
    void say(byte[] pcm) {
        for (int at = 0; at < pcm.length; at += 640) {
            speech.add(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 640)));
        }
    }

    private void stream() {
        long next = System.nanoTime();
        while (running && !closed.isDone()) {
            byte[] frame = speech.poll();
            if (frame == null) {
                frame = new byte[640];
            }
            try {
                synchronized (this) {                           // one send at a time: the JDK WebSocket allows no more
                    socket.sendBinary(ByteBuffer.wrap(frame), true).get(1, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                return;
            }
            next += TimeUnit.MILLISECONDS.toNanos(20);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    synchronized void send(String json) {
        socket.sendText(json, true).join();
    }

    void stop() throws InterruptedException {
        running = false;
        microphone.join(2_000);
        if (!closed.isDone()) {
            socket.abort();
        }
    }

    long count(String type) {
        return controls.stream().filter(c -> c.path("type").asText().equals(type)).count();
    }

    JsonNode last(String type) {
        return controls.stream().filter(c -> c.path("type").asText().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    List<String> types() {
        return controls.stream().map(c -> c.path("type").asText()).toList();
    }

    List<String> finalTranscripts() {
        return controls.stream().filter(c -> c.path("type").asText().equals("transcript") && c.path("final").asBoolean())
                .map(c -> c.path("text").asText()).toList();
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        audioBytes.addAndGet(data.remaining());
        webSocket.request(1);
        return null;
    }

    @Override
    void onJson(JsonNode message) {
        controls.add(message);
    }
}
