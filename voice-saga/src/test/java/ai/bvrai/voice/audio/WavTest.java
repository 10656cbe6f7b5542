package ai.bvrai.voice.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class WavTest {

    @TempDir
    Path dir;

    @Test
    void givenMonoSamples_whenWritten_thenTheJdkReadsA16kHzMonoPcmFileWithTheSameSamples() throws Exception {
        short[] samples = ResamplerTest.sine(440, 16_000, 0.25, 0.5);
        Path file = dir.resolve("mono.wav");
        Wav.writeMono(file, samples, 16_000);

        AudioFileFormat format = AudioSystem.getAudioFileFormat(file.toFile());
        assertThat(format.getType()).isEqualTo(AudioFileFormat.Type.WAVE);
        assertThat(format.getFormat().getSampleRate()).isEqualTo(16_000f);
        assertThat(format.getFormat().getChannels()).isEqualTo(1);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            assertThat(Pcm16.toShorts(in.readAllBytes())).isEqualTo(samples);
        }
        assertThat(Wav.read(file).samples()).isEqualTo(samples);
    }

    @Test
    void givenCallerAndAgentSides_whenWrittenAsStereo_thenLeftIsTheCallerAndRightTheAgent() throws Exception {
        short[] caller = {1, 2, 3};
        short[] agent = {-1, -2};
        Path file = dir.resolve("call.wav");
        Wav.writeStereo(file, caller, agent, 16_000);

        assertThat(AudioSystem.getAudioFileFormat(file.toFile()).getFormat().getChannels()).isEqualTo(2);
        Wav.Audio audio = Wav.read(file);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.samples()).containsExactly(1, -1, 2, -2, 3, 0);
        assertThat(audio.mono()).containsExactly(1, 2, 3);
    }

    @Test
    void givenPcmBytes_whenConverted_thenLittleEndianRoundTrips() {
        short[] samples = {0, 1, -1, Short.MAX_VALUE, Short.MIN_VALUE, 0x1234};
        byte[] bytes = Pcm16.toBytes(samples);
        assertThat(bytes[10]).isEqualTo((byte) 0x34);
        assertThat(bytes[11]).isEqualTo((byte) 0x12);
        assertThat(Pcm16.toShorts(bytes)).isEqualTo(samples);
        assertThat(Pcm16.dbfs(new short[320])).isEqualTo(Pcm16.SILENCE_DBFS);
        assertThat(Pcm16.dbfs(ResamplerTest.sine(1_000, 16_000, 0.1, 1.0))).isBetween(-3.1, -2.9);
    }
}
