package ai.bvrai.voice.audio;

import org.junit.jupiter.api.Test;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MuLawTest {

    static final AudioFormat PCM = new AudioFormat(8_000, 16, 1, true, false);
    static final AudioFormat ULAW = new AudioFormat(AudioFormat.Encoding.ULAW, 8_000, 8, 1, 1, 8_000, false);

    /** The JDK wraps samples beyond G.711's clip level (±32635) to near-silence codes; we clip to the loudest code. */
    @Test
    void givenEverySampleWithinTheClipLevel_whenEncoded_thenTheBytesMatchTheJdksG711Encoder() throws Exception {
        short[] all = new short[2 * 32_635 + 1];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 32_635);
        }
        byte[] jdk;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(Pcm16.toBytes(all)), PCM, all.length);
             AudioInputStream out = AudioSystem.getAudioInputStream(ULAW, in)) {
            jdk = out.readAllBytes();
        }
        assertThat(MuLaw.encode(all)).isEqualTo(jdk);
    }

    @Test
    void givenFullScaleSamples_whenEncoded_thenTheyClipToTheLoudestCodes() {
        assertThat(MuLaw.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(MuLaw.decode(MuLaw.encode(Short.MAX_VALUE))).isEqualTo((short) 32_124);
        assertThat(MuLaw.decode(MuLaw.encode(Short.MIN_VALUE))).isEqualTo((short) -32_124);
    }

    @Test
    void givenEveryMuLawByte_whenDecoded_thenTheSamplesMatchTheJdksG711Decoder() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        short[] jdk;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(all), ULAW, all.length);
             AudioInputStream out = AudioSystem.getAudioInputStream(PCM, in)) {
            jdk = Pcm16.toShorts(out.readAllBytes());
        }
        assertThat(MuLaw.decode(all)).isEqualTo(jdk);
    }

    @Test
    void givenSpeechLevelAudio_whenEncodedAndDecoded_thenSignalToNoiseIsAboutThirtyDb() {
        short[] tone = ResamplerTest.sine(440, 8_000, 0.5, 0.3);
        short[] back = MuLaw.decode(MuLaw.encode(tone));
        short[] error = new short[tone.length];
        for (int i = 0; i < tone.length; i++) {
            error[i] = (short) (back[i] - tone[i]);
        }
        assertThat(Pcm16.dbfs(tone) - Pcm16.dbfs(error)).isGreaterThan(30);
    }
}
