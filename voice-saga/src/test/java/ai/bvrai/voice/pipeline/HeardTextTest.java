package ai.bvrai.voice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeardTextTest {

    @Test
    void givenPartOfASentencePlayed_whenEstimated_thenOnlyWholeWordsInsideThePlayedShareCount() {
        String sentence = "aaaa bbbb cccc dddd";         // each word is a quarter
        assertThat(HeardText.prefix(sentence, 0, 1000)).isEmpty();
        assertThat(HeardText.prefix(sentence, 240, 1000)).isEmpty();
        assertThat(HeardText.prefix(sentence, 250, 1000)).isEqualTo("aaaa");
        assertThat(HeardText.prefix(sentence, 740, 1000)).isEqualTo("aaaa bbbb");
        assertThat(HeardText.prefix(sentence, 1000, 1000)).isEqualTo(sentence);
    }

    @Test
    void givenLongerWords_whenEstimated_thenTheyTakeLongerShares() {
        assertThat(HeardText.prefix("a extraordinarily b", 300, 1000)).isEqualTo("a");
        assertThat(HeardText.prefix("a extraordinarily b", 900, 1000)).isEqualTo("a extraordinarily");
    }
}
