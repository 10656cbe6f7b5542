package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class AgentPlayoutTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AgentPlayout playout = new AgentPlayout(200);
    /** The marks placed, by sentence (segment), as the session places them: before each sentence's first frame. */
    private final Map<Integer, Long> marks = new HashMap<>();

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

    /** Releases the due frames every 20 ms from {@code fromMs} to {@code toMs}, placing a mark before each sentence. */
    private void playMarked(long fromMs, long toMs) {
        for (long t = fromMs; t <= toMs; t += 20) {
            for (AgentPlayout.Outgoing frame : playout.due(t * MS)) {
                if (!marks.containsKey(frame.segment())) {
                    marks.put(frame.segment(), marks.size() + 1L);
                    playout.markBefore(marks.get(frame.segment()), frame);
                }
            }
        }
    }

    /** Releases the due frames every 20 ms, placing no marks (a transport that confirms nothing). */
    private void play(long fromMs, long toMs) {
        for (long t = fromMs; t <= toMs; t += 20) {
            playout.due(t * MS);
        }
    }

    @Test
    void givenAMarkBeforeASentenceNotYetConfirmed_whenStopped_thenNothingOfThatSentenceWasHeard() {
        synthesize(0, "aaaa bbbb cccc dddd", 1000, 0);
        synthesize(1, "eeee ffff gggg hhhh", 1000, 0);
        playMarked(0, 0);
        playout.markPlayed(marks.get(0), 5 * MS);                // the phone was idle: back after a 5 ms round trip
        playMarked(20, 1480);

        // the estimate says 500 ms of the second sentence were played ("eeee ffff"); the phone did not confirm reaching it
        assertThat(playout.stop(1500 * MS).text()).isEqualTo("aaaa bbbb cccc dddd");
    }

    @Test
    void givenConfirmationsLaterThanTheModelExpects_whenStopped_thenTheSentenceInPlayIsCountedByThePhonesClock() {
        synthesize(0, "aaaa bbbb cccc dddd", 1000, 0);
        synthesize(1, "eeee ffff gggg hhhh", 1000, 0);
        synthesize(2, "iiii jjjj kkkk llll", 1000, 0);
        playMarked(0, 0);
        playout.markPlayed(marks.get(0), 5 * MS);
        playMarked(20, 1600);
        // the phone plays 600 ms behind the model (a jitter buffer): the first sentence's end is confirmed at 1605 ms
        playout.markPlayed(marks.get(1), 1605 * MS);
        playMarked(1620, 2080);

        // by the phone's clock 500 ms of the second sentence; the estimate alone says all of it
        assertThat(playout.stop(2100 * MS).text()).isEqualTo("aaaa bbbb cccc dddd eeee ffff");
    }

    @Test
    void givenTheMarksOfAStoppedTurn_whenTheyAreConfirmedAfterwards_thenTheyChangeNothing() {
        synthesize(0, "aaaa bbbb cccc dddd", 1000, 0);
        synthesize(1, "eeee ffff gggg hhhh", 1000, 0);
        playMarked(0, 0);
        playout.markPlayed(marks.get(0), 5 * MS);
        playMarked(20, 1100);
        playout.stop(1100 * MS);
        playout.markPlayed(marks.get(1), 3000 * MS);             // Twilio answering the clear: dropped, not played

        synthesize(2, "iiii jjjj kkkk llll", 1000, 4000 * MS);
        play(4000, 4500);
        assertThat(playout.stop(4520 * MS).text()).as("not moved back by a 2 s 'lag'").isEqualTo("iiii jjjj");
    }

    @Test
    void givenThePreviousTurnNotYetConfirmedToTheEnd_whenTheNextIsStopped_thenNothingOfItWasHeard() {
        synthesize(0, "aaaa bbbb", 500, 0);
        playMarked(0, 0);
        playout.markPlayed(marks.get(0), 5 * MS);
        playMarked(20, 500);
        assertThat(playout.drained(500 * MS)).isTrue();
        assertThat(playout.finishTurn()).isEqualTo("aaaa bbbb");
        playout.markAfterAll(2, 500 * MS);                       // the phone is still playing the end of that turn

        synthesize(1, "cccc dddd", 500, 600 * MS);
        play(600, 880);
        // the estimate alone: 300 ms of "cccc dddd" were heard ("cccc")
        assertThat(playout.stop(900 * MS).text()).isEmpty();
    }

    @Test
    void givenNothingPlayedYet_whenStopped_thenNothingWasHeard() {
        synthesize(0, "hello there", 500, 0);
        AgentPlayout.Heard heard = playout.stop(0);
        assertThat(heard.text()).isEmpty();
        assertThat(heard.anyAudioSent()).isFalse();
    }
}
