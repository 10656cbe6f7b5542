package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TurnDetectorTest {

    private final TurnDetector turns = new TurnDetector(0.5f, 600);

    private TurnDetector.Event feed(float probability, int ms) {
        TurnDetector.Event last = TurnDetector.Event.NONE;
        for (int t = 0; t < ms; t += 20) {
            TurnDetector.Event event = turns.accept(probability, 20);
            if (event != TurnDetector.Event.NONE) {
                last = event;
            }
        }
        return last;
    }

    @Test
    void givenSpeech_whenSilenceReachesTheThreshold_thenTheTurnEndsThere() {
        assertThat(feed(0.1f, 200)).isEqualTo(TurnDetector.Event.NONE);
        assertThat(feed(0.9f, 800)).isEqualTo(TurnDetector.Event.SPEECH_STARTED);
        assertThat(feed(0.1f, 580)).isEqualTo(TurnDetector.Event.NONE);
        assertThat(turns.accept(0.1f, 20)).isEqualTo(TurnDetector.Event.END_OF_TURN);
        assertThat(turns.turnStartMs()).isEqualTo(200);
        assertThat(turns.lastVoicedMs()).isEqualTo(1000);
        assertThat(turns.voicedMs()).isEqualTo(800);
    }

    @Test
    void givenAShortPause_whenSpeechResumes_thenItIsTheSameTurn() {
        feed(0.9f, 400);
        feed(0.1f, 400);
        assertThat(feed(0.9f, 400)).isEqualTo(TurnDetector.Event.NONE);
        assertThat(turns.voicedMs()).isEqualTo(800);
        assertThat(turns.continuousSpeechMs()).isEqualTo(400);
        assertThat(feed(0.1f, 600)).isEqualTo(TurnDetector.Event.END_OF_TURN);
        assertThat(turns.inTurn()).isFalse();
    }

    @Test
    void givenOnlySilence_whenFed_thenNoTurn() {
        assertThat(feed(0.2f, 5_000)).isEqualTo(TurnDetector.Event.NONE);
        assertThat(turns.inTurn()).isFalse();
    }
}
