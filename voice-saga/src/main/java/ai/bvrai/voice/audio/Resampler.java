package ai.bvrai.voice.audio;

/**
 * Rational sample-rate conversion with a Kaiser-windowed sinc low-pass (polyphase), e.g. 8 ↔ 16 kHz for telephone
 * audio or 22.05 → 16 kHz. Unlike linear interpolation it removes the band above the lower rate's Nyquist frequency
 * before decimating, so nothing aliases (a 6 kHz tone sent to 8 kHz is attenuated by more than 60 dB).
 *
 * <p>An instance is a <em>stream</em> resampler: it keeps its filter history between {@link #process} calls, so a
 * call's audio can be fed chunk by chunk; it delays the signal by {@link #delayInputSamples()} input samples. Not
 * thread-safe: one instance per stream. {@link #resample(short[], int, int)} converts a whole signal with the delay
 * removed.
 */
public final class Resampler {

    private static final int TAPS_PER_PHASE = 32;
    private static final double KAISER_BETA = 9.0;
    /** Pass band edge as a fraction of the lower Nyquist frequency. */
    private static final double ROLLOFF = 0.90;

    private final int fromRate;
    private final int toRate;
    private final int up;
    private final int down;
    private final int taps;          // per phase, in input samples
    private final float[][] phases;  // [phase][tap]
    private final short[] history;   // the last taps-1 input samples
    private long position;           // next output's position in up-sampled units, relative to the current chunk

    public Resampler(int fromRate, int toRate) {
        this(fromRate, toRate, 0);
    }

    private Resampler(int fromRate, int toRate, long initialPosition) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " -> " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int g = gcd(fromRate, toRate);
        this.up = toRate / g;
        this.down = fromRate / g;
        // a down-sampling filter is down/up times wider in input samples: keep its transition band as steep
        this.taps = TAPS_PER_PHASE * Math.max(1, (int) Math.ceil((double) down / up));
        this.phases = design(up, down, taps);
        this.history = new short[taps - 1];
        this.position = initialPosition;
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** The stream delay of {@link #process}: half the filter, in input samples. */
    public int delayInputSamples() {
        return taps / 2;
    }

    /** Converts a whole signal; output sample n is aligned with input time n·from/to (no delay). */
    public static short[] resample(short[] input, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return input.clone();
        }
        Resampler r = new Resampler(fromRate, toRate, 0);
        int delay = r.delayInputSamples();
        r.position = (long) delay * r.up; // start half a filter later: centres the filter on each output instant
        int expected = (int) Math.ceil((double) input.length * r.up / r.down);
        short[] padded = new short[input.length + delay + 1];
        System.arraycopy(input, 0, padded, 0, input.length);
        short[] out = r.process(padded);
        if (out.length == expected) {
            return out;
        }
        short[] exact = new short[expected];
        System.arraycopy(out, 0, exact, 0, Math.min(expected, out.length));
        return exact;
    }

    /** Converts the next chunk of a stream; returns what the chunk completes (possibly empty). */
    public short[] process(short[] input) {
        int n = input.length;
        int h = history.length;
        long available = (long) n * up;
        int count = position >= available ? 0 : (int) ((available - position + down - 1) / down);
        short[] out = new short[count];
        for (int o = 0; o < count; o++) {
            long pos = position + (long) o * down;
            int i = (int) (pos / up);
            float[] coefficients = phases[(int) (pos % up)];
            double acc = 0;
            for (int k = 0; k < taps; k++) {
                int j = i - k;
                int sample = j >= 0 ? input[j] : history[h + j];
                acc += coefficients[k] * sample;
            }
            out[o] = Pcm16.clip(acc);
        }
        position += (long) count * down - available;
        // keep the last taps-1 samples (from the old history when the chunk is shorter)
        if (n >= h) {
            System.arraycopy(input, n - h, history, 0, h);
        } else if (n > 0) {
            System.arraycopy(history, n, history, 0, h - n);
            System.arraycopy(input, 0, history, h - n, n);
        }
        return out;
    }

    private static float[][] design(int up, int down, int taps) {
        int length = up * taps;
        double centre = length / 2.0;
        // cutoff in cycles per up-sampled sample: the lower of the two Nyquist frequencies
        double cutoff = 0.5 / Math.max(up, down) * ROLLOFF;
        double i0Beta = besselI0(KAISER_BETA);
        double[] prototype = new double[length];
        for (int j = 0; j < length; j++) {
            double t = j - centre;
            double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            double r = t / centre;
            double window = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
            prototype[j] = sinc * window * up; // gain `up` makes up for the zeros stuffed between samples
        }
        float[][] phases = new float[up][taps];
        for (int p = 0; p < up; p++) {
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                sum += prototype[p + k * up];
            }
            for (int k = 0; k < taps; k++) {
                // each phase sums to exactly 1: DC passes without ripple between output samples
                phases[p][k] = (float) (prototype[p + k * up] / sum);
            }
        }
        return phases;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
