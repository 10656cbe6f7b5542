package ai.bvrai.voice.transport.web;

import java.io.IOException;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import ai.bvrai.voice.session.CallTransport;

/**
 * A {@link CallTransport} over a WebSocket. Sends go through Spring's concurrent decorator: one thread writes,
 * others queue behind it, and a caller whose socket does not drain (2 s, 512 KiB queued) is disconnected instead
 * of holding the node's pacer.
 */
final class WebSocketCallTransport implements CallTransport {

    private final WebSocketSession socket;

    WebSocketCallTransport(WebSocketSession socket) {
        this.socket = new ConcurrentWebSocketSessionDecorator(socket, 2_000, 512 * 1024,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    }

    @Override
    public void sendText(String json) {
        send(new TextMessage(json));
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        send(new BinaryMessage(pcm16));
    }

    @Override
    public void close(boolean normal, String reason) {
        closeQuietly(socket, (normal ? CloseStatus.NORMAL : CloseStatus.SERVER_ERROR).withReason(reason));
    }

    private void send(org.springframework.web.socket.WebSocketMessage<?> message) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.sendMessage(message);
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("the caller's socket is gone", e);
        }
    }

    static void closeQuietly(WebSocketSession socket, CloseStatus status) {
        try {
            if (socket.isOpen()) {
                socket.close(status);
            }
        } catch (IOException | RuntimeException ignored) {
            // already closed by the peer
        }
    }
}
