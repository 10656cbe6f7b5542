package ai.bvrai.voice.engine;

/**
 * One call's streaming recognition. Not thread-safe: one thread feeds it. Releases native resources on close.
 */
public interface RecognitionSession extends AutoCloseable {

    /**
     * Feeds caller audio (16 kHz mono PCM16 little-endian).
     *
     * @return the current partial hypothesis of the utterance in progress (may be empty)
     */
    String accept(byte[] pcm16, int offset, int length);

    /** Ends the current utterance: its final text (may be empty); the session is ready for the next one. */
    String finishUtterance();

    @Override
    void close();
}
