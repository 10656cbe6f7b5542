package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterruptionPolicyTest {

    private final InterruptionPolicy policy = new InterruptionPolicy(300, 1200);

    @Test
    void givenBackchannels_whenJudged_thenTheyDoNotInterrupt() {
        for (String backchannel : new String[] {"yeah", "Mm-hm.", "uh-huh", "okay", "right", "sure", "yeah yeah okay",
                "mm hm", "I see", "got it", ""}) {
            assertThat(policy.interrupts(800, backchannel)).as(backchannel).isFalse();
        }
    }

    @Test
    void givenRealWords_whenLongEnough_thenTheyInterrupt() {
        assertThat(policy.interrupts(300, "wait")).isTrue();
        assertThat(policy.interrupts(400, "yeah but what about mondays")).isTrue();
        assertThat(policy.interrupts(280, "wait")).as("too short: a click or a breath").isFalse();
    }

    @Test
    void givenLongSpeech_whenTheTranscriptLags_thenItInterruptsAnyway() {
        assertThat(policy.interrupts(1200, "")).isTrue();
        assertThat(policy.interrupts(1180, "")).isFalse();
    }
}
