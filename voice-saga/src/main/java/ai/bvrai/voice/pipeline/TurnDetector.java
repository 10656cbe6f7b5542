package ai.bvrai.voice.pipeline;

/**
 * Finds the caller's turns in a stream of 20 ms frames scored by a voice activity detector. A turn starts at the
 * first voiced frame and ends when {@code endOfTurnSilenceMs} of unvoiced audio follow speech; pauses shorter than
 * that belong to the turn. Time is audio time (frames seen), so network jitter does not stretch silences.
 * Not thread-safe: the session's inbound thread owns it.
 */
public final class TurnDetector {

    public enum Event { NONE, SPEECH_STARTED, END_OF_TURN }

    private final float threshold;
    private final int endOfTurnSilenceMs;

    private long audioMs;
    private boolean inTurn;
    private long turnStartMs;
    private long lastVoicedMs;
    private long voicedMs;
    private long runMs;

    public TurnDetector(float threshold, int endOfTurnSilenceMs) {
        this.threshold = threshold;
        this.endOfTurnSilenceMs = endOfTurnSilenceMs;
    }

    /** Scores one frame of {@code frameMs} audio. */
    public Event accept(float speechProbability, int frameMs) {
        long frameStart = audioMs;
        audioMs += frameMs;
        boolean voiced = speechProbability >= threshold;
        if (voiced) {
            runMs += frameMs;
            lastVoicedMs = audioMs;
            if (!inTurn) {
                inTurn = true;
                turnStartMs = frameStart;
                voicedMs = frameMs;
                return Event.SPEECH_STARTED;
            }
            voicedMs += frameMs;
            return Event.NONE;
        }
        runMs = 0;
        if (inTurn && audioMs - lastVoicedMs >= endOfTurnSilenceMs) {
            inTurn = false;
            return Event.END_OF_TURN;
        }
        return Event.NONE;
    }

    public boolean inTurn() {
        return inTurn;
    }

    /** Voiced audio in the current (or last) turn, pauses excluded. */
    public long voicedMs() {
        return voicedMs;
    }

    /** Voiced audio since the last unvoiced frame. */
    public long continuousSpeechMs() {
        return runMs;
    }

    /** Audio time (since the first frame) at which the current (or last) turn started. */
    public long turnStartMs() {
        return turnStartMs;
    }

    /** Audio time just after the last voiced frame of the current (or last) turn. */
    public long lastVoicedMs() {
        return lastVoicedMs;
    }

    /** Audio time of everything seen. */
    public long audioMs() {
        return audioMs;
    }

    public int endOfTurnSilenceMs() {
        return endOfTurnSilenceMs;
    }
}
