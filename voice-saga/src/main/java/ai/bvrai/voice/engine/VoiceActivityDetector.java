package ai.bvrai.voice.engine;

/**
 * Tells speech from silence in caller audio. Stateful per call (create one per session through
 * {@link VoiceActivityDetectorFactory}); fed 20 ms frames of 16 kHz mono PCM16 (320 samples).
 */
public interface VoiceActivityDetector {

    /** The probability (0..1) that this frame holds speech. */
    float speechProbability(short[] frame);
}
