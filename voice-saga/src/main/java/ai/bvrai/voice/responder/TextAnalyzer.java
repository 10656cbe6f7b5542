package ai.bvrai.voice.responder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** English terms for retrieval: lower case, words and numbers, stop words removed, a light suffix-stripping stemmer. */
final class TextAnalyzer {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");

    /** Function words, conversational filler a caller wraps questions in, courtesy words, light verbs. */
    static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by", "for",
            "with", "from", "into", "onto", "about", "as", "is", "am", "are", "was", "were", "be", "been", "being",
            "do", "does", "did", "doing", "done", "have", "has", "had", "having", "i", "me", "my", "mine", "myself",
            "we", "us", "our", "ours", "you", "your", "yours", "he", "him", "his", "she", "her", "it", "its", "they",
            "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom",
            "whose", "when", "where", "why", "how", "can", "could", "would", "should", "will", "shall", "may", "might",
            "must", "not", "no", "yes", "so", "too", "very", "just", "also", "any", "some", "all", "much", "many",
            "more", "most", "other", "such", "than", "up", "down", "out", "over", "again", "once", "only", "own",
            "same", "both", "each", "few", "nor", "off", "s", "t", "ll", "re", "ve", "d", "m", "don't", "doesn't",
            "i'm", "i'd", "i'll", "i've", "you're", "it's", "what's", "whats", "where's", "how's", "that's", "there's",
            "let", "let's", "please", "tell", "know", "want", "wanted", "wonder", "wondering", "like", "need", "get",
            "got", "give", "question", "ask", "asking", "help", "hi", "hello", "hey", "thanks", "thank", "ok", "okay",
            "well", "um", "uh", "oh", "yeah", "really", "actually", "maybe", "something", "anything", "thing",
            "things", "bye", "goodbye", "good", "morning", "afternoon", "evening", "information", "info",
            // light verbs carry little of a question's meaning ("do you take insurance" is about insurance)
            "take", "make", "go", "going", "come", "see", "say", "said", "use", "look", "looking", "put", "keep",
            "find", "mean", "somewhere", "anywhere", "someone", "anyone");

    private TextAnalyzer() {
    }

    /** The retrieval terms of a text, in order, with repeats. */
    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String word = m.group().replace('’', '\'');
            if (word.endsWith("'s")) {
                word = word.substring(0, word.length() - 2);
            }
            if (!STOP_WORDS.contains(word)) {
                terms.add(stem(word));
            }
        }
        return terms;
    }

    /** All words, lower case, stop words kept (for intent matching). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group().replace('’', '\''));
        }
        return words;
    }

    /** Conflates common inflections: open/opens/opening/opened, price/prices/pricing, ship/shipping/shipped. */
    static String stem(String w) {
        if (w.length() <= 3 || !Character.isLetter(w.charAt(0))) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && s.length() > 4) {
            s = s.substring(0, s.length() - 3) + "y";
        } else if (s.endsWith("ing") && s.length() > 5) {
            s = undouble(s.substring(0, s.length() - 3));
        } else if (s.endsWith("ed") && s.length() > 4) {
            s = undouble(s.substring(0, s.length() - 2));
        } else if (s.endsWith("ly") && s.length() > 5) {
            s = s.substring(0, s.length() - 2);
        } else if ((s.endsWith("ches") || s.endsWith("shes") || s.endsWith("xes") || s.endsWith("sses")) && s.length() > 4) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("e") && s.length() > 3) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n >= 3 && s.charAt(n - 1) == s.charAt(n - 2) && "aeioulsz".indexOf(s.charAt(n - 1)) < 0) {
            return s.substring(0, n - 1);
        }
        return s;
    }
}
