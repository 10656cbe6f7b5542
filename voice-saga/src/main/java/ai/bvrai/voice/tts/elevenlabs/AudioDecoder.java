package ai.bvrai.voice.tts.elevenlabs;

import ai.bvrai.voice.audio.MuLaw;
import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.Resampler;
import ai.bvrai.voice.tts.elevenlabs.ElevenLabsOptions.OutputFormat;

import java.io.EOFException;

/**
 * Turns one sentence's audio, in the pieces the network delivers, into 16 kHz PCM16 little-endian. Each call returns
 * a new array the sink may keep. Not thread-safe: one instance per sentence.
 */
sealed interface AudioDecoder {

    static AudioDecoder of(OutputFormat format) {
        return switch (format) {
            case PCM_16000 -> new Pcm16Aligner();
            case ULAW_8000 -> new MuLawUpsampler();
        };
    }

    /** How many bytes to read at a time: 100 ms of audio, the granularity at which a cancellation takes effect. */
    int readSize();

    /** The audio that {@code length} more bytes complete (possibly none). */
    byte[] decode(byte[] data, int length);

    /**
     * The audio held back until the end of the stream.
     *
     * @throws EOFException when the stream ended inside a sample
     */
    byte[] finish() throws EOFException;

    /** {@code pcm_16000}: passed through, holding back a byte when a piece ends inside a sample. */
    final class Pcm16Aligner implements AudioDecoder {

        private boolean hasPending;
        private byte pending;

        @Override
        public int readSize() {
            return 3_200;
        }

        @Override
        public byte[] decode(byte[] data, int length) {
            int carried = hasPending ? 1 : 0;
            int whole = (carried + length) & ~1;
            byte[] pcm = new byte[whole];
            if (whole > 0) {
                if (hasPending) {
                    pcm[0] = pending;
                }
                System.arraycopy(data, 0, pcm, carried, whole - carried);
            }
            hasPending = whole != carried + length;
            if (hasPending) {
                pending = data[length - 1];
            }
            return pcm;
        }

        @Override
        public byte[] finish() throws EOFException {
            if (hasPending) {
                throw new EOFException("the PCM16 stream ended inside a sample");
            }
            return new byte[0];
        }
    }

    /**
     * {@code ulaw_8000}: μ-law decoded, then up-sampled 8 → 16 kHz by one streaming {@link Resampler}. Its delay is
     * removed: the first {@code 2 × delay} output samples (the filter filling up before the sentence starts) are
     * dropped and {@link #finish()} flushes the tail, so n input samples become exactly 2n output samples, aligned
     * in time with the input.
     */
    final class MuLawUpsampler implements AudioDecoder {

        private static final int FROM_RATE = 8_000;

        private final Resampler resampler = new Resampler(FROM_RATE, Pcm16.SAMPLE_RATE);
        private int toSkip = resampler.delayInputSamples() * Pcm16.SAMPLE_RATE / FROM_RATE;

        @Override
        public int readSize() {
            return 800;
        }

        @Override
        public byte[] decode(byte[] data, int length) {
            return resampled(MuLaw.decode(data, 0, length));
        }

        @Override
        public byte[] finish() {
            return resampled(new short[resampler.delayInputSamples()]);
        }

        private byte[] resampled(short[] samples8k) {
            short[] out = resampler.process(samples8k);
            int skip = Math.min(toSkip, out.length);
            toSkip -= skip;
            return Pcm16.toBytes(out, skip, out.length - skip);
        }
    }
}
