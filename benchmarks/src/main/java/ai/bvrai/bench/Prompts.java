package ai.bvrai.bench;

/** System prompts of a fixed length that differ per agent and revision (no two commands send the same text). */
final class Prompts {

    private static final String FILLER = " Be concise and friendly. Confirm names, dates and amounts back to the caller."
            + " Never invent opening hours or prices; offer a callback when you do not know."
            + " Keep answers under two sentences unless the caller asks for detail.";

    private Prompts() {
    }

    static String systemPrompt(String subject, int revision, int length) {
        StringBuilder text = new StringBuilder(length + FILLER.length())
                .append("You are the receptionist agent ").append(subject).append(", revision ").append(revision).append('.');
        while (text.length() < length) {
            text.append(FILLER);
        }
        text.setLength(length);
        return text.toString();
    }
}
