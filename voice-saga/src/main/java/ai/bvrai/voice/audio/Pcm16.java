package ai.bvrai.voice.audio;

/** 16-bit signed little-endian PCM: conversions and levels. */
public final class Pcm16 {

    /** The platform's audio rate: every engine and transport speaks 16 kHz mono PCM16 internally. */
    public static final int SAMPLE_RATE = 16_000;

    private Pcm16() {
    }

    public static short[] toShorts(byte[] pcm16) {
        return toShorts(pcm16, 0, pcm16.length);
    }

    /** Little-endian bytes to samples; a trailing odd byte is ignored. */
    public static short[] toShorts(byte[] pcm16, int offset, int length) {
        short[] samples = new short[length / 2];
        for (int i = 0, b = offset; i < samples.length; i++, b += 2) {
            samples[i] = (short) ((pcm16[b] & 0xff) | (pcm16[b + 1] << 8));
        }
        return samples;
    }

    public static byte[] toBytes(short[] samples) {
        return toBytes(samples, 0, samples.length);
    }

    public static byte[] toBytes(short[] samples, int offset, int length) {
        byte[] bytes = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            short s = samples[offset + i];
            bytes[2 * i] = (byte) s;
            bytes[2 * i + 1] = (byte) (s >> 8);
        }
        return bytes;
    }

    /** Swaps byte order in place (big-endian ↔ little-endian PCM16). */
    public static void swapByteOrder(byte[] pcm16, int offset, int length) {
        for (int i = offset; i + 1 < offset + length; i += 2) {
            byte t = pcm16[i];
            pcm16[i] = pcm16[i + 1];
            pcm16[i + 1] = t;
        }
    }

    /** Root mean square of the samples, normalised to full scale (0..1). */
    public static double rms(short[] samples) {
        return rms(samples, 0, samples.length);
    }

    public static double rms(short[] samples, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            double v = samples[i] / 32768.0;
            sum += v * v;
        }
        return Math.sqrt(sum / length);
    }

    /** Level in dB relative to full scale; digital silence is {@value #SILENCE_DBFS}. */
    public static double dbfs(short[] samples) {
        return toDbfs(rms(samples));
    }

    public static final double SILENCE_DBFS = -120.0;

    public static double toDbfs(double rms) {
        return rms <= 1e-6 ? SILENCE_DBFS : Math.max(SILENCE_DBFS, 20 * Math.log10(rms));
    }

    /** Clamps to the 16-bit range. */
    public static short clip(double v) {
        long r = Math.round(v);
        return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(r, Short.MIN_VALUE));
    }
}
