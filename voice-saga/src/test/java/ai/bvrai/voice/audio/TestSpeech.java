package ai.bvrai.voice.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Real speech for tests: espeak-ng speaks a sentence (22.05 kHz), sox converts it to 16 kHz mono PCM16. Both are
 * Debian packages the project's test command installs. Also the word error rate used to judge recognizers.
 */
public final class TestSpeech {

    private TestSpeech() {
    }

    /** {@code text} spoken by espeak-ng (en-us, 150 words per minute) as 16 kHz mono PCM16 samples. */
    public static short[] espeak(String text, Path dir) {
        try {
            Path raw = Files.createTempFile(dir, "espeak", ".wav");
            Path converted = Files.createTempFile(dir, "espeak16k", ".wav");
            run("espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), text);
            run("sox", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", converted.toString());
            Wav.Audio audio = Wav.read(converted);
            if (audio.sampleRate() != 16_000 || audio.channels() != 1) {
                throw new IllegalStateException("sox produced " + audio);
            }
            return audio.samples();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Word-level Levenshtein distance over the reference length (case and punctuation ignored). */
    public static double wordErrorRate(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        int[][] d = new int[ref.size() + 1][hyp.size() + 1];
        for (int i = 0; i <= ref.size(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= hyp.size(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = d[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(substitution, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return ref.isEmpty() ? (hyp.isEmpty() ? 0 : 1) : (double) d[ref.size()][hyp.size()] / ref.size();
    }

    /** Errors (not rate) of several sentences pooled: total edits over total reference words. */
    public static double pooledWordErrorRate(List<String> references, List<String> hypotheses) {
        double errors = 0;
        int words = 0;
        for (int i = 0; i < references.size(); i++) {
            int n = words(references.get(i)).size();
            errors += wordErrorRate(references.get(i), hypotheses.get(i)) * n;
            words += n;
        }
        return errors / words;
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.stream(text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").split("\\s+"))
                .filter(w -> !w.isEmpty()).toList());
    }
}
