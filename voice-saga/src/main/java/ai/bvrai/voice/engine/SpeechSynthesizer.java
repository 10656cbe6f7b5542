package ai.bvrai.voice.engine;

import ai.bvrai.api.agent.VoiceSettings;

/** A text-to-speech engine. Thread-safe. */
public interface SpeechSynthesizer {

    /** The provider name agents select it by ({@code VoiceSettings.provider}), e.g. {@code freetts}. */
    String provider();

    /**
     * Speaks one sentence as 16 kHz mono PCM16 little-endian, handing audio to {@code sink} as soon as it exists.
     * Returns when the sentence is done or {@code cancel} was raised (then stops early, without error).
     *
     * @throws SpeechEngineException when the engine fails
     */
    void synthesize(String text, VoiceSettings voice, AudioSink sink, Cancellation cancel);
}
