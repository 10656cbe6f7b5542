package ai.bvrai.voice.engine;

/** Receives 16 kHz mono PCM16 little-endian audio. */
@FunctionalInterface
public interface AudioSink {

    void accept(byte[] pcm16, int offset, int length);
}
