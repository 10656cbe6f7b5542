package ai.bvrai.voice.vad;

import ai.bvrai.voice.audio.Pcm16;
import ai.bvrai.voice.audio.TestSpeech;
import ai.bvrai.voice.engine.VoiceActivityDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EnergyVoiceActivityDetectorTest {

    static final int FRAME = 320; // 20 ms at 16 kHz

    @TempDir
    static Path dir;
    static short[] speech;

    @BeforeAll
    static void speak() {
        speech = trim(TestSpeech.espeak("hello, I would like to know your opening hours", dir));
    }

    /** espeak's own leading and trailing silence removed, so the test knows where speech starts and ends. */
    static short[] trim(short[] s) {
        int start = 0, end = s.length;
        while (start < end && Math.abs(s[start]) < 300) {
            start++;
        }
        while (end > start && Math.abs(s[end - 1]) < 300) {
            end--;
        }
        short[] t = new short[end - start];
        System.arraycopy(s, start, t, 0, t.length);
        return t;
    }

    static short[] noise(double seconds, double dbfs, long seed) {
        Random random = new Random(seed);
        double sigma = Math.pow(10, dbfs / 20) * 32768;
        short[] n = new short[(int) (seconds * 16_000)];
        for (int i = 0; i < n.length; i++) {
            n[i] = Pcm16.clip(random.nextGaussian() * sigma);
        }
        return n;
    }

    static short[] concat(short[]... parts) {
        int length = 0;
        for (short[] p : parts) {
            length += p.length;
        }
        short[] all = new short[length];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static short[] mix(short[] a, short[] b, int at) {
        short[] out = a.clone();
        for (int i = 0; i < b.length && at + i < out.length; i++) {
            out[at + i] = Pcm16.clip(out[at + i] + b[i]);
        }
        return out;
    }

    static float[] probabilities(VoiceActivityDetector vad, short[] audio) {
        float[] p = new float[audio.length / FRAME];
        for (int f = 0; f < p.length; f++) {
            short[] frame = new short[FRAME];
            System.arraycopy(audio, f * FRAME, frame, 0, FRAME);
            p[f] = vad.speechProbability(frame);
        }
        return p;
    }

    static int firstSpeechFrame(float[] p, int from) {
        for (int f = from; f < p.length; f++) {
            if (p[f] >= 0.5f) {
                return f;
            }
        }
        return -1;
    }

    @Test
    void givenSilenceThenQuietLineNoiseThenSpeech_whenDetected_thenOnsetWithin3FramesAndNoFalseAlarms() {
        short[] audio = concat(new short[16_000], noise(1.0, -60, 1), mix(noise(speech.length / 16_000.0, -60, 2), speech, 0),
                noise(1.0, -60, 3));
        float[] p = probabilities(new EnergyVoiceActivityDetector(), audio);
        int speechStart = 2 * 16_000 / FRAME;
        int speechEnd = (2 * 16_000 + speech.length) / FRAME;

        assertThat(firstSpeechFrame(p, 0)).isBetween(speechStart, speechStart + 3);
        int voiced = 0;
        for (int f = speechStart; f < speechEnd; f++) {
            voiced += p[f] >= 0.5f ? 1 : 0;
        }
        assertThat((double) voiced / (speechEnd - speechStart)).isGreaterThan(0.6);
        // after the last word: silence within 3 frames, and it stays silence
        assertThat(firstSpeechFrame(p, speechEnd + 3)).isEqualTo(-1);
    }

    @Test
    void givenASteadyLoudBackground_whenItPersists_thenItStopsCountingAsSpeechWithinHalfASecondButSpeechStillDoes() {
        short[] background = noise(3.0, -38, 4);
        short[] audio = mix(background, speech, 16_000 + 16_000 / 2); // speech from 1.5 s, over the background
        EnergyVoiceActivityDetector vad = new EnergyVoiceActivityDetector();
        float[] p = probabilities(vad, audio);

        int adapted = 25 + 2; // STATIONARY_FRAMES, plus margin
        for (int f = adapted; f < 75; f++) {
            assertThat(p[f]).as("background frame %d", f).isLessThan(0.5f);
        }
        assertThat(firstSpeechFrame(p, adapted)).isBetween(75, 78);
        assertThat(vad.noiseFloorDbfs()).isBetween(-45.0, -30.0);
    }

    @Test
    void givenDigitalSilence_whenDetected_thenProbabilityIsNearZero() {
        VoiceActivityDetector vad = new EnergyVoiceActivityDetectorFactory().create();
        for (float p : probabilities(vad, new short[16_000])) {
            assertThat(p).isLessThan(0.01f);
        }
    }

    @Test
    void givenTwoCalls_whenDetectorsAreCreated_thenEachAdaptsToItsOwnLine() {
        EnergyVoiceActivityDetectorFactory factory = new EnergyVoiceActivityDetectorFactory();
        EnergyVoiceActivityDetector noisy = (EnergyVoiceActivityDetector) factory.create();
        EnergyVoiceActivityDetector quiet = (EnergyVoiceActivityDetector) factory.create();
        probabilities(noisy, noise(1.0, -38, 5));
        probabilities(quiet, noise(1.0, -70, 6));
        assertThat(noisy.noiseFloorDbfs()).isGreaterThan(quiet.noiseFloorDbfs() + 20);
    }
}
