package ai.bvrai.voice.transport.web;

import java.nio.ByteBuffer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.VoiceSession;
import ai.bvrai.voice.session.VoiceSessions;

/**
 * Binds a browser WebSocket to a {@link VoiceSession}: binary frames are caller audio, text frames control
 * messages; closing the socket hangs up. Runs on the container's I/O threads and only hands data over.
 */
public class CallStreamHandler extends AbstractWebSocketHandler {

    static final String SESSION = CallStreamHandler.class.getName() + ".session";

    private static final Logger log = LoggerFactory.getLogger(CallStreamHandler.class);

    private final VoiceSessions sessions;

    public CallStreamHandler(VoiceSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        CallContext call = (CallContext) socket.getAttributes().get(CallStreamHandshakeInterceptor.CALL);
        try {
            VoiceSession session = sessions.open(call, new WebSocketCallTransport(socket));
            socket.getAttributes().put(SESSION, session);
        } catch (RuntimeException e) {
            log.warn("Call {}: the voice session could not start", call.callId(), e);
            sessions.release(call.callId());
            try {
                socket.sendMessage(new TextMessage("{\"type\":\"error\",\"message\":\"The agent's voice engines are not available on this node.\"}"));
            } catch (java.io.IOException | RuntimeException ignored) {
                // the caller is gone already
            }
            WebSocketCallTransport.closeQuietly(socket, CloseStatus.SERVER_ERROR.withReason("voice engines unavailable"));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) {
        VoiceSession session = session(socket);
        if (session != null) {
            ByteBuffer payload = message.getPayload();
            byte[] audio = new byte[payload.remaining()];
            payload.get(audio);
            session.acceptAudio(audio);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        VoiceSession session = session(socket);
        if (session != null) {
            session.acceptControl(message.getPayload());
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable failure) {
        log.debug("Call stream transport error", failure);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        VoiceSession session = session(socket);
        if (session != null) {
            session.transportClosed();
        } else {
            CallContext call = (CallContext) socket.getAttributes().get(CallStreamHandshakeInterceptor.CALL);
            if (call != null) {
                sessions.release(call.callId());
            }
        }
    }

    private static VoiceSession session(WebSocketSession socket) {
        return (VoiceSession) socket.getAttributes().get(SESSION);
    }
}
