package ai.bvrai.voice.vad;

import ai.bvrai.voice.engine.VoiceActivityDetector;
import ai.bvrai.voice.engine.VoiceActivityDetectorFactory;

/** A fresh {@link EnergyVoiceActivityDetector} per call. */
public final class EnergyVoiceActivityDetectorFactory implements VoiceActivityDetectorFactory {

    @Override
    public VoiceActivityDetector create() {
        return new EnergyVoiceActivityDetector();
    }
}
