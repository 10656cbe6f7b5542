package ai.bvrai.voice.pipeline;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides when caller speech over the agent is a barge-in rather than a backchannel ("yeah", "mm-hm").
 * <ul>
 *   <li>at least {@code minSpeechMs} of voiced audio in the caller's current turn (a backchannel is typically
 *       200–400 ms; a cough or a click is shorter), and a partial transcript holding a word that is not a
 *       backchannel word — so "yeah, right" over the agent never stops it but "wait" does;</li>
 *   <li>or {@code forceSpeechMs} of voiced audio whatever the transcript says: a backchannel is never that long,
 *       and the recognizer's partial may lag behind a real interruption.</li>
 * </ul>
 * The caller's turn's final transcript is checked the same way when it ends while the agent still talks
 * ({@link #isBackchannelOnly}).
 */
public final class InterruptionPolicy {

    /** Words that acknowledge without taking the turn; hyphens and spaces inside are normalised away. */
    static final Set<String> BACKCHANNELS = Set.of("yeah", "yea", "yes", "yep", "yup", "mm", "mmm", "mhm", "mmhm",
            "hm", "hmm", "uhhuh", "uh", "um", "huh", "okay", "ok", "right", "sure", "alright", "aha", "ah", "oh", "i",
            "see", "got", "it", "cool", "nice", "great",
            "the"); // Vosk hears "the" in breaths and noise

    private static final Pattern NOT_WORD = Pattern.compile("[^a-z' -]");

    private final int minSpeechMs;
    private final int forceSpeechMs;

    public InterruptionPolicy(int minSpeechMs, int forceSpeechMs) {
        this.minSpeechMs = minSpeechMs;
        this.forceSpeechMs = forceSpeechMs;
    }

    /** Whether the caller's speech so far interrupts the agent. */
    public boolean interrupts(long voicedMs, String partialTranscript) {
        if (voicedMs >= forceSpeechMs) {
            return true;
        }
        return voicedMs >= minSpeechMs && !isBackchannelOnly(partialTranscript);
    }

    /** True when the text holds no word at all or only backchannel words. */
    public static boolean isBackchannelOnly(String text) {
        if (text == null) {
            return true;
        }
        String normalised = NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ")
                .replaceAll("(\\w)-(\\w)", "$1$2");
        for (String word : normalised.split("[\\s-]+")) {
            if (!word.isBlank() && !BACKCHANNELS.contains(word.replace("'", ""))) {
                return false;
            }
        }
        return true;
    }
}
