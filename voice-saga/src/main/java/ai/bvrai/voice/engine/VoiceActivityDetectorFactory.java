package ai.bvrai.voice.engine;

/** Creates a fresh {@link VoiceActivityDetector} per call. */
@FunctionalInterface
public interface VoiceActivityDetectorFactory {

    VoiceActivityDetector create();
}
