package ai.bvrai.platform.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The side of a test's WebSocket client that receives: text frames joined into JSON messages for
 * {@link #onJson(JsonNode)}, and {@link #closed} completed when the server closes (exceptionally on an error).
 */
abstract class JsonSocketListener implements WebSocket.Listener {

    static final ObjectMapper JSON = new ObjectMapper();

    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();

    /** One whole JSON message from the server, on the client's receiving thread. */
    abstract void onJson(JsonNode message);

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            try {
                onJson(JSON.readTree(text.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }
}
