package ai.bvrai.voice.pipeline;

/**
 * Estimates which words of a spoken sentence the caller heard when playback stopped part-way: the words are
 * assumed to take the sentence's audio in proportion to their length in characters (syllables would be closer but
 * need a lexicon; characters track them well enough for English TTS), and a word counts as heard only when all of
 * its share was played.
 */
public final class HeardText {

    private HeardText() {
    }

    /**
     * @param sentence the sentence as synthesized
     * @param playedMs how much of its audio was played before playback stopped
     * @param totalMs  the length of its audio (estimate when synthesis had not finished)
     * @return the heard prefix, whole words only (empty when none)
     */
    public static String prefix(String sentence, long playedMs, long totalMs) {
        if (playedMs <= 0 || totalMs <= 0) {
            return "";
        }
        if (playedMs >= totalMs) {
            return sentence.trim();
        }
        String[] words = sentence.trim().split("\\s+");
        int totalChars = 0;
        for (String word : words) {
            totalChars += word.length() + 1;
        }
        double heardChars = (double) totalChars * playedMs / totalMs;
        StringBuilder heard = new StringBuilder();
        int consumed = 0;
        for (String word : words) {
            consumed += word.length() + 1;
            if (consumed > heardChars) {
                break;
            }
            if (!heard.isEmpty()) {
                heard.append(' ');
            }
            heard.append(word);
        }
        return heard.toString();
    }

    /** A rough length of a sentence's speech for when synthesis has not finished: ~14 characters per second. */
    public static long estimatedMs(String sentence) {
        return Math.round(sentence.length() * 1000.0 / 14.0);
    }
}
