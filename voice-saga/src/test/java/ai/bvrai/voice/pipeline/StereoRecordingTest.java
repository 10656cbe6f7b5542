package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StereoRecordingTest {

    @TempDir
    Path dir;

    private static byte[] tone(int ms, short level) {
        ByteBuffer pcm = ByteBuffer.allocate(ms * Pcm.BYTES_PER_MS).order(ByteOrder.LITTLE_ENDIAN);
        while (pcm.hasRemaining()) {
            pcm.putShort(level);
        }
        return pcm.array();
    }

    @Test
    void givenBothSides_whenWritten_thenCallerIsLeftAgentRightAlignedByTimeAndFlushedAudioErased() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StereoRecording recording = new StereoRecording(dir)) {
            recording.caller(tone(1000, (short) 100), 0, 32_000, 1000);   // caller 0..1 s
            recording.agent(tone(1000, (short) 200), 0, 32_000, 1500);    // agent 1.5..2.5 s ...
            recording.agentStoppedAt(2000);                                 // ... flushed at 2 s
            assertThat(recording.durationMs()).isEqualTo(2000);
            long bytes = recording.writeWav(out);
            assertThat(bytes).isEqualTo(out.size());
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        ByteBuffer wav = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.getShort(22)).isEqualTo((short) 2);
        assertThat(wav.getInt(40)).isEqualTo(2000 * 16 * 4);
        assertThat(wav.getShort(44 + 500 * 64)).as("caller at 0.5 s").isEqualTo((short) 100);
        assertThat(wav.getShort(44 + 500 * 64 + 2)).as("agent at 0.5 s").isZero();
        assertThat(wav.getShort(44 + 1700 * 64)).as("caller at 1.7 s").isZero();
        assertThat(wav.getShort(44 + 1700 * 64 + 2)).as("agent at 1.7 s").isEqualTo((short) 200);
    }

    @Test
    void givenAGapInTheCallerStream_whenItResumes_thenTheGapStaysSilent() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StereoRecording recording = new StereoRecording(dir)) {
            recording.caller(tone(20, (short) 100), 0, 640, 20);
            recording.caller(tone(20, (short) 100), 0, 640, 50);     // 10 ms jitter: laid end to end
            recording.caller(tone(20, (short) 100), 0, 640, 1040);   // a 1 s gap: kept
            assertThat(recording.durationMs()).isEqualTo(1040);
            recording.writeWav(out);
        }
        ByteBuffer wav = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.getShort(44 + 30 * 64)).isEqualTo((short) 100);
        assertThat(wav.getShort(44 + 500 * 64)).isZero();
        assertThat(wav.getShort(44 + 1030 * 64)).isEqualTo((short) 100);
    }
}
