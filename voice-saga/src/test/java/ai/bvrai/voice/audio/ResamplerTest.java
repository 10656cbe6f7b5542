package ai.bvrai.voice.audio;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ResamplerTest {

    static short[] sine(double hz, int rate, double seconds, double amplitude) {
        short[] s = new short[(int) (rate * seconds)];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** The middle of a signal, away from the edges where the filter sees the implied silence. */
    static short[] middle(short[] s) {
        short[] m = new short[s.length / 2];
        System.arraycopy(s, s.length / 4, m, 0, m.length);
        return m;
    }

    @Test
    void givenA1kHzTone_when16kTo8kTo16k_thenAmplitudeAndShapeSurvive() {
        short[] tone = sine(1_000, 16_000, 1.0, 0.5);
        short[] narrow = Resampler.resample(tone, 16_000, 8_000);
        short[] back = Resampler.resample(narrow, 8_000, 16_000);

        assertThat(narrow).hasSize(8_000);
        assertThat(back).hasSize(tone.length);
        double gainDb = Pcm16.dbfs(middle(back)) - Pcm16.dbfs(middle(tone));
        assertThat(gainDb).isBetween(-0.5, 0.5);
        // no delay either: sample by sample, the error is > 40 dB below the tone
        short[] error = new short[tone.length];
        for (int i = 0; i < tone.length; i++) {
            error[i] = (short) (back[i] - tone[i]);
        }
        assertThat(Pcm16.dbfs(middle(error)) - Pcm16.dbfs(middle(tone))).isLessThan(-40);
    }

    @Test
    void givenA6kHzTone_whenDownsampledTo8kHz_thenItIsRemovedInsteadOfAliasingTo2kHz() {
        short[] tone = sine(6_000, 16_000, 1.0, 0.5);
        short[] narrow = Resampler.resample(tone, 16_000, 8_000);
        double attenuationDb = Pcm16.dbfs(middle(narrow)) - Pcm16.dbfs(middle(tone));
        System.out.printf("6 kHz tone at 8 kHz: %.1f dB%n", attenuationDb);
        assertThat(attenuationDb).isLessThan(-60);
    }

    @Test
    void givenNaiveDecimation_whenA6kHzToneIsHalved_thenItAliases_soTheFilterIsWhatMatters() {
        short[] tone = sine(6_000, 16_000, 1.0, 0.5);
        short[] dropped = new short[tone.length / 2];
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = tone[2 * i];
        }
        assertThat(Pcm16.dbfs(dropped) - Pcm16.dbfs(tone)).isGreaterThan(-3); // the control: it would be heard at 2 kHz
    }

    @Test
    void givenAStreamInOddChunks_whenResampled_thenTheOutputIsTheSameAsInOneGo() {
        short[] speechLike = sine(300, 8_000, 0.5, 0.3);
        for (int i = 0; i < speechLike.length; i++) {
            speechLike[i] += (short) (0.2 * 32767 * Math.sin(2 * Math.PI * 2_700 * i / 8_000.0));
        }
        short[] whole = new Resampler(8_000, 16_000).process(speechLike);
        Resampler streaming = new Resampler(8_000, 16_000);
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int[] sizes = {1, 7, 160, 3, 33, 500};
        for (int off = 0, k = 0; off < speechLike.length; k++) {
            int n = Math.min(sizes[k % sizes.length], speechLike.length - off);
            short[] chunk = new short[n];
            System.arraycopy(speechLike, off, chunk, 0, n);
            chunks.writeBytes(Pcm16.toBytes(streaming.process(chunk)));
            off += n;
        }
        assertThat(Pcm16.toShorts(chunks.toByteArray())).isEqualTo(whole);
        assertThat(whole).hasSize(2 * speechLike.length);
    }

    @Test
    void givenEspeakRate22050_whenConvertedTo16k_thenTheToneKeepsItsPitch() {
        short[] tone = sine(440, 22_050, 1.0, 0.5);
        short[] out = Resampler.resample(tone, 22_050, 16_000);
        assertThat(out).hasSize(16_000);
        int crossings = 0;
        for (int i = 1; i < out.length; i++) {
            if (out[i - 1] < 0 && out[i] >= 0) {
                crossings++;
            }
        }
        assertThat(crossings).isBetween(438, 441);
        assertThat(Pcm16.dbfs(middle(out)) - Pcm16.dbfs(middle(tone))).isBetween(-0.5, 0.5);
    }
}
