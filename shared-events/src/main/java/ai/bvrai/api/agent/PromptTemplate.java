package ai.bvrai.api.agent;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The template language of system prompts and first messages: text with {@code {{variable}}} placeholders.
 * A variable name is a letter followed by letters, digits or underscores; whitespace inside the braces is allowed.
 */
public final class PromptTemplate {

    public static final String VARIABLE_NAME = "[A-Za-z][A-Za-z0-9_]{0,63}";
    /**
     * Variables every call has without being given: the caller's and the agent's number ({@code unknown} on a web
     * call), and the date and time when the prompt is built, in the organization's time zone. A value the agent or
     * the call sets for one of these names wins.
     */
    public static final Set<String> BUILT_INS = Set.of("caller_number", "agent_number", "current_date", "current_time",
            "current_datetime", "day_of_week", "time_zone");
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{\\{\\s*(" + VARIABLE_NAME + ")\\s*}}");

    private final Set<String> variables;

    private PromptTemplate(Set<String> variables) {
        this.variables = variables;
    }

    /**
     * Parses a template.
     *
     * @throws IllegalArgumentException naming the first malformed placeholder
     */
    public static PromptTemplate parse(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        int checkedUpTo = 0;
        while (matcher.find()) {
            requireNoBraces(text, checkedUpTo, matcher.start());
            names.add(matcher.group(1));
            checkedUpTo = matcher.end();
        }
        requireNoBraces(text, checkedUpTo, text.length());
        return new PromptTemplate(Set.copyOf(names));
    }

    /** The variables the template refers to. */
    public Set<String> variables() {
        return variables;
    }

    private static void requireNoBraces(String text, int from, int to) {
        String between = text.substring(from, to);
        int open = between.indexOf("{{");
        int close = between.indexOf("}}");
        if (open >= 0 || close >= 0) {
            int at = from + (open >= 0 ? open : close);
            throw new IllegalArgumentException("malformed placeholder at character " + at
                    + ": write {{name}} where name is a letter followed by letters, digits or underscores");
        }
    }
}
