package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class AgentPlayoutTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AgentPlayout playout = new AgentPlayout(200);

    private void synthesize(int segment, String text, int ms, long now) {
        playout.beginSegment(segment, text);
        playout.append(segment, new byte[ms * Pcm.BYTES_PER_MS], 0, ms * Pcm.BYTES_PER_MS, now);
        playout.completeSegment(segment, now);
    }

    @Test
    void givenQueuedAudio_whenDue_thenAtMost200msIsAheadOfThePlayer() {
        synthesize(0, "one two", 1000, 0);
        assertThat(playout.due(0)).hasSize(10);
        assertThat(playout.due(10 * MS)).isEmpty();
        assertThat(playout.due(20 * MS)).hasSize(1);
        assertThat(playout.aheadNanos(20 * MS)).isEqualTo(200 * MS);
        assertThat(playout.due(100 * MS)).hasSize(4);
        assertThat(playout.lateFrames()).isZero();
    }

    @Test
    void givenThePacerStalled_whenItResumes_thenTheFramesThatWereReadyCountAsLate() {
        synthesize(0, "one two", 1000, 0);
        playout.due(0);
        assertThat(playout.due(500 * MS)).hasSize(10);
        assertThat(playout.lateFrames()).isEqualTo(1);
    }

    @Test
    void givenAFlushMidSentence_whenStopped_thenTheHeardWordsFollowTheAudioPlayedByThen() {
        synthesize(0, "first sentence here.", 600, 0);
        synthesize(1, "aaaa bbbb cccc dddd", 1000, 0);
        for (long t = 0; t <= 1060; t += 20) {
            playout.due(t * MS);
        }
        AgentPlayout.Heard heard = playout.stop(1100 * MS);   // 600 ms of the first, 500 of the second played
        assertThat(heard.text()).isEqualTo("first sentence here. aaaa bbbb");
        assertThat(heard.playedMs()).isEqualTo(1100);
        assertThat(playout.drained(1100 * MS)).isTrue();
        assertThat(playout.due(1200 * MS)).isEmpty();
    }

    @Test
    void givenNothingPlayedYet_whenStopped_thenNothingWasHeard() {
        synthesize(0, "hello there", 500, 0);
        AgentPlayout.Heard heard = playout.stop(0);
        assertThat(heard.text()).isEmpty();
        assertThat(heard.anyAudioSent()).isFalse();
    }
}
