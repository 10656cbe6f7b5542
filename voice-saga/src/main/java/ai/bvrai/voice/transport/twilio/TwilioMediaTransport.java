package ai.bvrai.voice.transport.twilio;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

import ai.bvrai.voice.session.CallTransport;

/**
 * A {@link CallTransport} over a Twilio Media Stream. The session's 20 ms PCM16 16 kHz frames are resampled to
 * 8 kHz and μ-law encoded into {@code media} messages ({@link MediaStreamCodec}); its playback marks become
 * {@code mark} messages, and its control messages become Twilio's: {@code flush} → {@code clear},
 * {@code transfer} → the call is redirected to {@code <Dial>} through the REST API. Closing ends the Twilio call
 * (REST {@code Status=completed}) unless Twilio ended it ({@code stop}) or a transfer is handing it on; a transfer
 * closes the stream only once the redirect was applied, or Twilio would end the call at the end of its TwiML.
 * <p>
 * <b>Marks.</b> Twilio echoes a mark once the audio sent before it has been played — and, after a {@code clear},
 * at once for every mark still queued, although that audio was dropped rather than played (Media Streams docs: on
 * {@code clear} Twilio "empties the audio buffer and sends back mark messages matching any remaining mark messages").
 * So the marks pending when a {@code clear} leaves are forgotten: their echoes confirm nothing. Echoes arrive in
 * order; an echo confirms the marks before it too.
 */
final class TwilioMediaTransport implements CallTransport {

    private static final Logger log = LoggerFactory.getLogger(TwilioMediaTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocketSession socket;
    private final TwilioCallControl control;
    private final String organizationId;
    private final MediaStreamCodec codec;
    /** Marks sent and not yet echoed, in the order sent (guarded by itself). */
    private final Map<String, Runnable> pendingMarks = new LinkedHashMap<>();
    private volatile String streamSid;
    private volatile String callSid;
    private volatile boolean stoppedByTwilio;
    private volatile CompletableFuture<Void> transfer;

    TwilioMediaTransport(WebSocketSession socket, TwilioCallControl control, String organizationId, MediaStreamCodec codec) {
        this.codec = codec;
        this.socket = new ConcurrentWebSocketSessionDecorator(socket, 2_000, 512 * 1024,
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
        this.control = control;
        this.organizationId = organizationId;
    }

    /** Twilio's {@code start}: the stream and call the audio belongs to. */
    void started(String streamSid, String callSid) {
        this.streamSid = streamSid;
        this.callSid = callSid;
    }

    /** Twilio's {@code stop}: the caller hung up (or Twilio ended the call). */
    void stopped() {
        stoppedByTwilio = true;
    }

    /**
     * Twilio echoed the mark {@code name}: everything sent before it has been played, unless the mark was pending
     * when a {@code clear} left (then the echo only says the audio was dropped).
     */
    void echoed(String name) {
        Runnable played = null;
        synchronized (pendingMarks) {
            if (pendingMarks.containsKey(name)) {
                Iterator<Map.Entry<String, Runnable>> marks = pendingMarks.entrySet().iterator();
                while (played == null) {
                    Map.Entry<String, Runnable> mark = marks.next();
                    marks.remove();
                    if (mark.getKey().equals(name)) {
                        played = mark.getValue();
                    }
                }
            }
        }
        if (played == null) {
            log.debug("Media stream {}: mark {} came back after a clear (not played)", streamSid, name);
            return;
        }
        log.debug("Media stream {}: played up to {}", streamSid, name);
        played.run();
    }

    @Override
    public boolean markPlayback(String name, Runnable played) {
        if (!socket.isOpen() || streamSid == null) {
            return false;
        }
        synchronized (pendingMarks) {
            pendingMarks.put(name, played);
        }
        ObjectNode message = message("mark");
        message.putObject("mark").put("name", name);
        try {
            send(message);
        } catch (IllegalStateException e) {
            synchronized (pendingMarks) {
                pendingMarks.remove(name);
            }
            throw e;
        }
        return true;
    }

    @Override
    public void sendAudio(byte[] pcm16) {
        ObjectNode message = message("media");
        message.putObject("media").put("payload", codec.agentPayload(pcm16));
        send(message);
    }

    @Override
    public void sendText(String json) {
        JsonNode control;
        try {
            control = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return;
        }
        switch (control.path("type").asText("")) {
            case "flush" -> {
                synchronized (pendingMarks) {
                    pendingMarks.clear();                           // Twilio returns them at once, unplayed
                }
                send(message("clear"));
            }
            case "transfer" -> {
                String number = control.path("number").asText();
                if (callSid != null) {
                    transfer = this.control.transfer(organizationId, callSid, number);
                }
            }
            default -> {
                // started, agent_speaking, transcripts, ended, error: the phone has no screen; the call's record holds them
            }
        }
    }

    @Override
    public void close(boolean normal, String reason) {
        CompletableFuture<Void> handingOn = transfer;
        if (handingOn != null) {
            handingOn.whenComplete((ignored, failure) -> closeSocket(normal, reason));
            return;
        }
        if (!stoppedByTwilio && callSid != null) {
            control.hangUp(organizationId, callSid);
        }
        closeSocket(normal, reason);
    }

    private void closeSocket(boolean normal, String reason) {
        try {
            if (socket.isOpen()) {
                socket.close((normal ? CloseStatus.NORMAL : CloseStatus.SERVER_ERROR).withReason(reason));
            }
        } catch (IOException | RuntimeException ignored) {
            // already closed by Twilio
        }
    }

    private ObjectNode message(String event) {
        ObjectNode message = JSON.createObjectNode();
        message.put("event", event);
        message.put("streamSid", streamSid);
        return message;
    }

    private void send(ObjectNode message) {
        if (!socket.isOpen() || streamSid == null) {
            return;
        }
        try {
            socket.sendMessage(new TextMessage(message.toString()));
        } catch (IOException | IllegalStateException e) {
            log.debug("Media stream {} is gone", streamSid);
            throw new IllegalStateException("the Twilio media stream is gone", e);
        }
    }
}
