package ai.bvrai.voice.transport.twilio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import ai.bvrai.voice.session.CallContext;
import ai.bvrai.voice.session.VoiceSession;
import ai.bvrai.voice.session.VoiceSessions;

/**
 * Binds a Twilio Media Stream to a {@link VoiceSession}. Twilio's messages: {@code connected} (ignored),
 * {@code start} (stream and call SIDs; the {@code callId} custom parameter must be the one in the URL; the session
 * opens here), {@code media} (base64 μ-law 8 kHz, decoded, resampled to 16 kHz and handed to the session),
 * {@code mark} (Twilio played up to that mark, or dropped it with a {@code clear}), {@code dtmf} (logged; agents do not take key presses yet),
 * {@code stop} (the call ended on Twilio's side: the caller hung up). Runs on the container's I/O threads and only
 * hands data over.
 */
class TwilioMediaStreamHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(TwilioMediaStreamHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRANSPORT = TwilioMediaStreamHandler.class.getName() + ".transport";
    private static final String SESSION = TwilioMediaStreamHandler.class.getName() + ".session";
    private static final String CODEC = TwilioMediaStreamHandler.class.getName() + ".codec";

    private final VoiceSessions sessions;
    private final TwilioCallControl control;

    TwilioMediaStreamHandler(VoiceSessions sessions, TwilioCallControl control) {
        this.sessions = sessions;
        this.control = control;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        CallContext call = call(socket);
        MediaStreamCodec codec = new MediaStreamCodec();
        socket.getAttributes().put(CODEC, codec);
        socket.getAttributes().put(TRANSPORT, new TwilioMediaTransport(socket, control, call.organizationId(), codec));
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        JsonNode event;
        try {
            event = JSON.readTree(message.getPayload());
        } catch (JsonProcessingException e) {
            log.debug("Not a Media Streams message");
            return;
        }
        TwilioMediaTransport transport = (TwilioMediaTransport) socket.getAttributes().get(TRANSPORT);
        VoiceSession session = (VoiceSession) socket.getAttributes().get(SESSION);
        switch (event.path("event").asText("")) {
            case "start" -> start(socket, transport, event);
            case "media" -> {
                if (session != null && !"outbound".equals(event.path("media").path("track").asText("inbound"))) {
                    MediaStreamCodec codec = (MediaStreamCodec) socket.getAttributes().get(CODEC);
                    session.acceptAudio(codec.callerAudio(event.path("media").path("payload").asText("")));
                }
            }
            case "mark" -> transport.echoed(event.path("mark").path("name").asText());
            case "dtmf" -> log.info("Call {}: the caller pressed {}", call(socket).callId(),
                    event.path("dtmf").path("digit").asText());
            case "stop" -> {
                transport.stopped();
                if (session != null) {
                    session.transportClosed();
                }
            }
            default -> {
                // "connected" and anything newer: nothing to do
            }
        }
    }

    private void start(WebSocketSession socket, TwilioMediaTransport transport, JsonNode event) {
        CallContext call = call(socket);
        if (socket.getAttributes().containsKey(SESSION)) {
            return;
        }
        JsonNode start = event.path("start");
        String callId = start.path("customParameters").path("callId").asText(null);
        if (!call.callId().equals(callId)) {
            log.warn("Media stream for call {} started with call id parameter {}: closed", call.callId(), callId);
            closeQuietly(socket, CloseStatus.POLICY_VIOLATION.withReason("call id mismatch"));
            return;
        }
        transport.started(start.path("streamSid").asText(event.path("streamSid").asText()), start.path("callSid").asText(null));
        try {
            socket.getAttributes().put(SESSION, sessions.open(call, transport));
        } catch (RuntimeException e) {
            log.warn("Call {}: the voice session could not start", call.callId(), e);
            sessions.release(call.callId());
            transport.close(false, "voice engines unavailable");
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable failure) {
        log.debug("Media stream transport error", failure);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        VoiceSession session = (VoiceSession) socket.getAttributes().get(SESSION);
        if (session != null) {
            session.transportClosed();
        } else {
            sessions.release(call(socket).callId());
        }
    }

    private static CallContext call(WebSocketSession socket) {
        return (CallContext) socket.getAttributes().get(TwilioMediaHandshakeInterceptor.CALL);
    }

    private static void closeQuietly(WebSocketSession socket, CloseStatus status) {
        try {
            socket.close(status);
        } catch (java.io.IOException | RuntimeException ignored) {
            // gone already
        }
    }
}
