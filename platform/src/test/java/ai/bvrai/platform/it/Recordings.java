package ai.bvrai.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** What a call's recording must be: a 16 kHz stereo WAV, the caller on the left, the agent on the right. */
final class Recordings {

    private Recordings() {
    }

    /** Asserts the layout and at least this much audible speech (|sample| > 500) on each side. */
    static void assertCallerLeftAgentRight(byte[] recording, long callerSpeechMs, long agentSpeechMs) {
        ByteBuffer wav = ByteBuffer.wrap(recording).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.getShort(22)).as("channels").isEqualTo((short) 2);
        assertThat(wav.getInt(24)).as("sample rate").isEqualTo(16_000);
        long left = 0;
        long right = 0;
        for (int at = 44; at + 3 < recording.length; at += 4) {
            left += Math.abs(wav.getShort(at)) > 500 ? 1 : 0;
            right += Math.abs(wav.getShort(at + 2)) > 500 ? 1 : 0;
        }
        assertThat(left / 16).as("ms of caller speech on the left").isGreaterThan(callerSpeechMs);
        assertThat(right / 16).as("ms of agent speech on the right").isGreaterThan(agentSpeechMs);
    }
}
