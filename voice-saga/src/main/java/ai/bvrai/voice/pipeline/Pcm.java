package ai.bvrai.voice.pipeline;

/** The one audio format of the runtime: 16 kHz mono PCM16 little-endian, handled in 20 ms frames. */
public final class Pcm {

    public static final int SAMPLE_RATE = 16_000;
    public static final int FRAME_MS = 20;
    public static final int FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS / 1000;
    public static final int FRAME_BYTES = FRAME_SAMPLES * 2;
    public static final int BYTES_PER_MS = SAMPLE_RATE * 2 / 1000;

    private Pcm() {
    }

    /** The samples of one frame of little-endian PCM16. */
    public static short[] samples(byte[] pcm16, int offset, int length) {
        short[] samples = new short[length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm16[offset + 2 * i] & 0xff) | (pcm16[offset + 2 * i + 1] << 8));
        }
        return samples;
    }

    public static long millisOf(long bytes) {
        return bytes / BYTES_PER_MS;
    }
}
