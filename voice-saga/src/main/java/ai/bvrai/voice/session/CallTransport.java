package ai.bvrai.voice.session;

/**
 * The caller's end of a voice session: the browser WebSocket or a Twilio Media Stream. Sends must not block for
 * long (implementations buffer with a limit); they are called under the session's lock so that a {@code flush} can
 * never overtake audio or be overtaken by it.
 */
public interface CallTransport {

    /** A JSON control message. */
    void sendText(String json);

    /** One frame of 16 kHz mono PCM16 little-endian agent audio. */
    void sendAudio(byte[] pcm16);

    /** Closes the connection (no-op when closed); {@code normal} false means a policy/error close. */
    void close(boolean normal, String reason);

    /**
     * Asks the caller's side to confirm once it has played all the agent audio sent so far (Twilio's {@code mark}).
     * {@code played} runs later, on the transport's own thread, when the caller's side confirms — and never for a
     * mark that a {@code flush} overtook, since the audio before it was dropped rather than played. Answers false when
     * the transport cannot confirm playback (the default: a browser's playback is estimated only) or the mark could
     * not be placed; {@code played} never runs then.
     *
     * @param name a name for the mark, unique within the call (it shows in the provider's logs)
     */
    default boolean markPlayback(String name, Runnable played) {
        return false;
    }
}
