package ai.bvrai.voice.session;

/**
 * The caller's end of a voice session: the browser WebSocket today, a telephony media stream later. Sends must
 * not block for long (implementations buffer with a limit); they are called under the session's lock so that a
 * {@code flush} can never overtake audio or be overtaken by it.
 */
public interface CallTransport {

    /** A JSON control message. */
    void sendText(String json);

    /** One frame of 16 kHz mono PCM16 little-endian agent audio. */
    void sendAudio(byte[] pcm16);

    /** Closes the connection (no-op when closed); {@code normal} false means a policy/error close. */
    void close(boolean normal, String reason);
}
