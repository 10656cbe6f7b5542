package ai.bvrai.voice.audio;

/**
 * G.711 μ-law (telephone audio, e.g. Twilio Media Streams: 8 kHz mono). Resample 16 kHz PCM to 8 kHz with
 * {@link Resampler} first, then encode; decode, then resample to 16 kHz. Bit-exact with the JDK's PCM ↔ ULAW
 * conversion.
 */
public final class MuLaw {

    private static final int BIAS = 0x84;
    private static final int CLIP = 32_635;
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            int u = ~i & 0xff;
            int t = ((u & 0x0f) << 3) + BIAS;
            t <<= (u & 0x70) >> 4;
            DECODE[i] = (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
        }
    }

    private MuLaw() {
    }

    public static byte encode(short sample) {
        int s = sample;
        int sign = (s >> 8) & 0x80;
        if (sign != 0) {
            s = -s;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int exponent = 7;
        for (int mask = 0x4000; (s & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (s >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short decode(byte ulaw) {
        return DECODE[ulaw & 0xff];
    }

    public static byte[] encode(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = encode(samples[i]);
        }
        return out;
    }

    public static short[] decode(byte[] ulaw) {
        return decode(ulaw, 0, ulaw.length);
    }

    public static short[] decode(byte[] ulaw, int offset, int length) {
        short[] out = new short[length];
        for (int i = 0; i < length; i++) {
            out[i] = DECODE[ulaw[offset + i] & 0xff];
        }
        return out;
    }
}
