package ai.bvrai.voice.responder;

import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns streamed reply text into sentences for text-to-speech as soon as each one is complete: a sentence ends at
 * {@code .}, {@code !} or {@code ?} (with any closing quotes or brackets) followed by white space, or at a line
 * break. It does not split inside decimals ({@code 3.5}), after {@code e.g.}, {@code i.e.} or titles such as
 * {@code Dr.} and {@code Mr.}, or after an initial ({@code J. Smith}); after {@code etc.}, {@code a.m.}, {@code p.m.},
 * {@code Inc.} and an ellipsis it splits only when the next word starts with a capital letter. A run-on clause longer
 * than {@code maxChars} is cut at its last comma or space, so it cannot hold the first audio back. Not thread-safe:
 * one instance per reply.
 */
public final class SentenceChunker {

    private static final Set<String> NEVER_SPLIT = Set.of("e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "vs",
            "cf", "approx", "dept", "mt", "ft", "fig");
    private static final Set<String> SPLIT_BEFORE_CAPITAL = Set.of("etc", "a.m", "p.m", "inc", "ltd", "co", "corp",
            "jr", "sr", "u.s", "no", "nos", "");
    private static final String CLOSERS = ")]}\"'”’»";

    private final StringBuilder buffer = new StringBuilder();
    private final int maxChars;

    public SentenceChunker(int maxChars) {
        this.maxChars = maxChars;
    }

    public SentenceChunker() {
        this(220);
    }

    /** Adds streamed text; returns the sentences it completes, in order (often none). */
    public List<String> accept(CharSequence chunk) {
        if (chunk != null) {
            buffer.append(chunk);
        }
        List<String> sentences = new ArrayList<>();
        int end;
        while ((end = nextBoundary()) > 0 || (end = runOnCut()) > 0) {
            String sentence = buffer.substring(0, end).strip();
            buffer.delete(0, end);
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    /** Whatever is left when the stream ends (empty when nothing is). */
    public String flush() {
        String rest = buffer.toString().strip();
        buffer.setLength(0);
        return rest;
    }

    /** Sentences of a whole stream: each as soon as it is complete, then the rest. */
    public static Flux<String> sentences(Flux<String> chunks) {
        return Flux.defer(() -> {
            SentenceChunker chunker = new SentenceChunker();
            return chunks.concatMapIterable(chunker::accept)
                    .concatWith(Flux.defer(() -> {
                        String rest = chunker.flush();
                        return rest.isEmpty() ? Flux.empty() : Flux.just(rest);
                    }));
        });
    }

    /** Where to cut a run-on clause of at least {@code maxChars}: after its last comma, else its last space; or -1. */
    private int runOnCut() {
        if (buffer.length() < maxChars) {
            return -1;
        }
        int comma = buffer.lastIndexOf(",", maxChars - 1);
        int cut = comma > 0 ? comma : buffer.lastIndexOf(" ", maxChars - 1);
        return cut > 0 ? cut + 1 : -1;
    }

    /** The end (exclusive) of the first complete sentence, or -1 when more text is needed. */
    private int nextBoundary() {
        int len = buffer.length();
        for (int i = 0; i < len; i++) {
            char c = buffer.charAt(i);
            if (c == '\n') {
                if (!buffer.substring(0, i).isBlank()) {
                    return i + 1;
                }
                continue;
            }
            if (c != '.' && c != '!' && c != '?') {
                continue;
            }
            int j = i + 1;
            while (j < len && (buffer.charAt(j) == '.' || buffer.charAt(j) == '!' || buffer.charAt(j) == '?')) {
                j++;
            }
            boolean ellipsis = j - i > 1 && buffer.charAt(j - 1) == '.';
            while (j < len && CLOSERS.indexOf(buffer.charAt(j)) >= 0) {
                j++;
            }
            if (j == len) {
                return -1; // "3." might become "3.5": wait for the next chunk
            }
            if (!Character.isWhitespace(buffer.charAt(j))) {
                i = j - 1;
                continue;
            }
            if (c == '.' && j - i == 1 || ellipsis) {
                String word = ellipsis ? "" : wordBefore(i);
                boolean initial = word.length() == 1 && Character.isUpperCase(word.charAt(0));
                if (!ellipsis && (initial || NEVER_SPLIT.contains(word.toLowerCase()))) {
                    i = j - 1;
                    continue;
                }
                if (ellipsis || SPLIT_BEFORE_CAPITAL.contains(word.toLowerCase())) {
                    int k = j;
                    while (k < len && Character.isWhitespace(buffer.charAt(k))) {
                        k++;
                    }
                    if (k == len) {
                        return -1;
                    }
                    if (!Character.isUpperCase(buffer.charAt(k))) {
                        i = j - 1;
                        continue;
                    }
                }
            }
            return j;
        }
        return -1;
    }

    private String wordBefore(int dot) {
        int start = dot;
        while (start > 0 && !Character.isWhitespace(buffer.charAt(start - 1)) && "([{\"'“‘".indexOf(buffer.charAt(start - 1)) < 0) {
            start--;
        }
        return buffer.substring(start, dot);
    }
}
