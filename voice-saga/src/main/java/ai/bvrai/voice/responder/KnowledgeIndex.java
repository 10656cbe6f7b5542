package ai.bvrai.voice.responder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's knowledge text as retrievable passages, ranked with BM25.
 *
 * <p>Passages: FAQ pairs, written {@code Q: … / A: …} ({@code Question:}/{@code Answer:} too) or as a line ending in
 * {@code ?} followed by its answer; everything else is split into paragraphs (blank lines) and each paragraph into
 * sentences. A Markdown heading ({@code # Opening hours}) is indexed with the passages below it. A question's words
 * count twice, so a caller asking roughly the FAQ question finds its answer.
 *
 * <p>A passage answers only when it covers at least {@link #MIN_COVERAGE} of the query's term weight (idf): a query
 * whose important words the knowledge never mentions gets no answer rather than a wrong one. Immutable, thread-safe.
 */
final class KnowledgeIndex {

    static final double MIN_COVERAGE = 0.5;
    private static final double K1 = 1.2;
    private static final double B = 0.75;
    private static final Pattern QUESTION = Pattern.compile("^\\s*(?:q|question)\\s*[:.)-]\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANSWER = Pattern.compile("^\\s*(?:a|answer)\\s*[:.)-]\\s*(.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*•]|\\d+[.)])\\s+");

    record Passage(String answer, List<String> terms) {
    }

    record Match(Passage passage, double score, double coverage) {
    }

    private final List<Passage> passages;
    private final Map<String, Integer> documentFrequency = new HashMap<>();
    private final double averageLength;

    private KnowledgeIndex(List<Passage> passages) {
        this.passages = List.copyOf(passages);
        long total = 0;
        for (Passage p : passages) {
            total += p.terms().size();
            for (String t : new HashSet<>(p.terms())) {
                documentFrequency.merge(t, 1, Integer::sum);
            }
        }
        this.averageLength = passages.isEmpty() ? 1 : Math.max(1, (double) total / passages.size());
    }

    static KnowledgeIndex of(String knowledge) {
        return new KnowledgeIndex(parse(knowledge == null ? "" : knowledge));
    }

    boolean isEmpty() {
        return passages.isEmpty();
    }

    int size() {
        return passages.size();
    }

    /** The best passage for these query terms, if it covers enough of them. */
    Optional<Match> best(List<String> queryTerms) {
        Set<String> query = new HashSet<>(queryTerms);
        if (query.isEmpty() || passages.isEmpty()) {
            return Optional.empty();
        }
        double totalWeight = 0;
        for (String t : query) {
            totalWeight += idf(t);
        }
        Match best = null;
        for (Passage p : passages) {
            Map<String, Integer> tf = new HashMap<>();
            for (String t : p.terms()) {
                tf.merge(t, 1, Integer::sum);
            }
            double score = 0, covered = 0;
            for (String t : query) {
                Integer f = tf.get(t);
                if (f != null) {
                    double idf = idf(t);
                    score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * p.terms().size() / averageLength));
                    covered += idf;
                }
            }
            if (score > 0 && (best == null || score > best.score())) {
                best = new Match(p, score, covered / totalWeight);
            }
        }
        return best == null || best.coverage() < MIN_COVERAGE ? Optional.empty() : Optional.of(best);
    }

    /** BM25's idf; a term the knowledge never mentions weighs as much as the rarest term it does. */
    private double idf(String term) {
        int n = passages.size();
        int df = Math.max(1, documentFrequency.getOrDefault(term, 0));
        return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    private static List<Passage> parse(String knowledge) {
        List<Passage> passages = new ArrayList<>();
        String heading = "";
        String question = null;
        StringBuilder answer = new StringBuilder();
        StringBuilder paragraph = new StringBuilder();
        for (String raw : knowledge.split("\\R")) {
            String line = raw.strip();
            Matcher h = HEADING.matcher(line);
            Matcher q = QUESTION.matcher(line);
            Matcher a = ANSWER.matcher(line);
            boolean questionLine = q.matches() || (line.endsWith("?") && !a.matches());
            if (line.isEmpty() || h.matches() || questionLine) {
                // a blank line ends an answer only once it has started
                if (question != null && (!line.isEmpty() || !answer.isEmpty())) {
                    addFaq(passages, heading, question, answer);
                    question = null;
                    answer.setLength(0);
                }
                addParagraph(passages, heading, paragraph);
                if (h.matches()) {
                    heading = h.group(1).strip();
                } else if (questionLine) {
                    question = q.matches() ? q.group(1).strip() : line;
                }
                continue;
            }
            if (question != null) {
                answer.append(answer.isEmpty() ? "" : " ").append(a.matches() ? a.group(1).strip() : line);
            } else {
                String text = BULLET.matcher(line).replaceFirst("");
                if (BULLET.matcher(line).find()) {
                    addParagraph(passages, heading, paragraph); // each bullet stands alone
                    paragraph.append(text);
                    addParagraph(passages, heading, paragraph);
                } else {
                    paragraph.append(paragraph.isEmpty() ? "" : " ").append(text);
                }
            }
        }
        if (question != null) {
            addFaq(passages, heading, question, answer);
        }
        addParagraph(passages, heading, paragraph);
        return passages;
    }

    private static void addFaq(List<Passage> passages, String heading, String question, StringBuilder answer) {
        if (answer.isEmpty()) {
            return; // a question nobody answered is no passage
        }
        List<String> terms = new ArrayList<>(TextAnalyzer.terms(heading));
        List<String> questionTerms = TextAnalyzer.terms(question);
        terms.addAll(questionTerms);
        terms.addAll(questionTerms);
        terms.addAll(TextAnalyzer.terms(answer.toString()));
        passages.add(new Passage(answer.toString().strip(), terms));
    }

    private static void addParagraph(List<Passage> passages, String heading, StringBuilder paragraph) {
        if (paragraph.isEmpty()) {
            return;
        }
        SentenceChunker chunker = new SentenceChunker();
        List<String> sentences = new ArrayList<>(chunker.accept(paragraph.toString()));
        String rest = chunker.flush();
        if (!rest.isEmpty()) {
            sentences.add(rest);
        }
        List<String> headingTerms = TextAnalyzer.terms(heading);
        for (String sentence : sentences) {
            List<String> terms = new ArrayList<>(headingTerms);
            terms.addAll(TextAnalyzer.terms(sentence));
            if (!terms.isEmpty()) {
                passages.add(new Passage(sentence, terms));
            }
        }
        paragraph.setLength(0);
    }
}
