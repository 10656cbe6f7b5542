package ai.bvrai.voice.responder;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceChunkerTest {

    /** Feeds the text in chunks of {@code size} characters, as a streaming model would. */
    static List<String> chunked(String text, int size) {
        SentenceChunker chunker = new SentenceChunker();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.addAll(chunker.accept(text.substring(i, Math.min(text.length(), i + size))));
        }
        String rest = chunker.flush();
        if (!rest.isEmpty()) {
            out.add(rest);
        }
        return out;
    }

    @Test
    void givenThreeSentences_whenStreamedInAnyChunkSize_thenEachIsEmittedWhole() {
        String text = "Hello there! How can I help? We open at 9. Thanks";
        for (int size = 1; size <= text.length(); size++) {
            assertThat(chunked(text, size)).as("chunk size %d", size)
                    .containsExactly("Hello there!", "How can I help?", "We open at 9.", "Thanks");
        }
    }

    @Test
    void givenASentenceEnd_whenItsFollowingSpaceArrives_thenTheSentenceIsEmittedBeforeTheStreamEnds() {
        SentenceChunker chunker = new SentenceChunker();
        assertThat(chunker.accept("We are open")).isEmpty();
        assertThat(chunker.accept(" today.")).isEmpty(); // could still be "today.com" or a decimal
        assertThat(chunker.accept(" Come")).containsExactly("We are open today.");
        assertThat(chunker.flush()).isEqualTo("Come");
        assertThat(chunker.flush()).isEmpty();
    }

    @Test
    void givenAbbreviationsDecimalsAndInitials_whenChunked_thenTheyDoNotEndSentences() {
        assertThat(chunked("Bring an ID, e.g. a passport. Dr. Smith sees you at 3.5 hours past noon. J. R. Doe agrees.", 3))
                .containsExactly("Bring an ID, e.g. a passport.", "Dr. Smith sees you at 3.5 hours past noon.", "J. R. Doe agrees.");
        assertThat(chunked("Visit bvrai.ai for more, i.e. the docs. Done!", 4))
                .containsExactly("Visit bvrai.ai for more, i.e. the docs.", "Done!");
    }

    @Test
    void givenEtcOrAmBeforeACapital_whenChunked_thenTheyEndTheSentenceOnlyThen() {
        assertThat(chunked("We sell pens, paper, etc. and more. We open at 9 a.m. Come by.", 5))
                .containsExactly("We sell pens, paper, etc. and more.", "We open at 9 a.m.", "Come by.");
    }

    @Test
    void givenQuotesEllipsesAndRepeatedPunctuation_whenChunked_thenTheClosersStayWithTheirSentence() {
        assertThat(chunked("He said \"hi.\" Really?! Well... Maybe (later.) Ok", 2))
                .containsExactly("He said \"hi.\"", "Really?!", "Well...", "Maybe (later.)", "Ok");
    }

    @Test
    void givenLineBreaks_whenChunked_thenEachLineIsSpokenSeparately() {
        assertThat(chunked("Our plans:\n- Basic for ten dollars\n- Pro for twenty\n", 6))
                .containsExactly("Our plans:", "- Basic for ten dollars", "- Pro for twenty");
    }

    @Test
    void givenNothingOrWhitespace_whenFlushed_thenNothingIsEmitted() {
        assertThat(chunked("", 1)).isEmpty();
        assertThat(chunked("   \n ", 1)).isEmpty();
    }

    @Test
    void givenAStreamOfChunks_whenSplitReactively_thenSentencesArriveInOrderWithTheRestLast() {
        List<String> sentences = SentenceChunker.sentences(Flux.just("Hi. ", "How are", " you? I am", " fine"))
                .collectList().block();
        assertThat(sentences).containsExactly("Hi.", "How are you?", "I am fine");
    }

    @Test
    void givenARunOnClause_whenLongerThanTheLimit_thenItIsCutAtItsLastCommaWithoutLosingText() {
        SentenceChunker chunker = new SentenceChunker(60);
        String text = "one two three four five six seven, eight nine ten eleven twelve thirteen fourteen fifteen";

        List<String> sentences = new ArrayList<>(chunker.accept(text));
        sentences.add(chunker.flush());

        assertThat(sentences.getFirst()).isEqualTo("one two three four five six seven,");
        assertThat(String.join(" ", sentences)).isEqualTo(text);
    }
}
