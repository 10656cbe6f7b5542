package ai.bvrai.voice.engine;

import ai.bvrai.api.agent.SttSettings;

/** A speech-to-text engine. Thread-safe; opens one {@link RecognitionSession} per call. */
public interface SpeechRecognizer {

    /** The provider name agents select it by ({@code SttSettings.provider}), e.g. {@code vosk}. */
    String provider();

    /** A streaming session for one call's caller audio: 16 kHz mono PCM16 little-endian. */
    RecognitionSession open(SttSettings settings, String language);
}
