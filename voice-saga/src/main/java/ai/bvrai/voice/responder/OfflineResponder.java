package ai.bvrai.voice.responder;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The offline responder (provider {@code offline}, model {@code faq-retrieval}): not a language model, and it does not
 * pretend to be one. It answers the caller's last message from the agent's knowledge by retrieval (see
 * {@link KnowledgeIndex}), handles greetings, thanks and goodbyes, and says plainly when it cannot help.
 *
 * <p>Prompt convention: the system message is built with {@link OfflinePrompts#system}; its knowledge section is the
 * only knowledge used. The conversation follows as user and assistant messages; the last user message is answered
 * (with the one before it as context for a follow-up such as "and on Sundays?"). {@link #stream} emits the reply in
 * chunks of a few words, like a language model would. Thread-safe.
 */
public class OfflineResponder implements ChatModel {

    public static final String PROVIDER = "offline";
    public static final String MODEL = "faq-retrieval";

    public static final String GREETING = "Hello! How can I help you today?";
    public static final String WELCOME = "You're welcome! Is there anything else I can help you with?";
    public static final String GOODBYE = "Goodbye! Thanks for calling.";
    public static final String CANNOT_HELP = "I'm sorry, I don't have information about that. "
            + "Is there anything else I can help you with?";
    public static final String NOT_HEARD = "Sorry, I didn't catch that. Could you say it again?";

    private static final int WORDS_PER_CHUNK = 2;
    private static final Set<String> GREETING_WORDS = Set.of("hi", "hello", "hey", "hiya", "howdy", "greetings", "morning",
            "afternoon", "evening", "good");
    private static final Set<String> THANKS_WORDS = Set.of("thanks", "thank", "thx", "cheers", "appreciate", "appreciated",
            "great", "perfect", "awesome", "wonderful");
    private static final Set<String> GOODBYE_WORDS = Set.of("bye", "goodbye", "farewell", "later", "ciao");
    private static final List<String> GOODBYE_PHRASES = List.of("good bye", "see you", "that's all", "that is all",
            "that's it", "that is it", "have a nice day", "have a good day", "i'm done", "i am done", "nothing else",
            "no more questions", "hang up");
    private static final Set<String> NEGATIVE_WORDS = Set.of("no", "nope", "nah", "not", "nothing");

    private final Map<String, KnowledgeIndex> indexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KnowledgeIndex> eldest) {
            return size() > 64;
        }
    };

    @Override
    public ChatResponse call(Prompt prompt) {
        return response(reply(prompt));
    }

    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.defer(() -> Flux.fromIterable(chunks(reply(prompt)))).map(OfflineResponder::response);
    }

    @Override
    public ChatOptions getDefaultOptions() {
        return ChatOptions.builder().model(MODEL).build();
    }

    /** The reply to the prompt's last user message. */
    String reply(Prompt prompt) {
        String system = "";
        List<String> userTurns = new ArrayList<>();
        String lastAssistant = "";
        for (Message m : prompt.getInstructions()) {
            if (m.getMessageType() == MessageType.SYSTEM) {
                system = m.getText();
            } else if (m.getMessageType() == MessageType.USER) {
                userTurns.add(m.getText() == null ? "" : m.getText());
            } else if (m.getMessageType() == MessageType.ASSISTANT && m.getText() != null) {
                lastAssistant = m.getText();
            }
        }
        String last = userTurns.isEmpty() ? "" : userTurns.get(userTurns.size() - 1);
        String previous = userTurns.size() > 1 ? userTurns.get(userTurns.size() - 2) : "";
        return reply(OfflinePrompts.knowledge(system), last, previous, lastAssistant);
    }

    private String reply(String knowledge, String last, String previous, String lastAssistant) {
        List<String> words = TextAnalyzer.words(last);
        if (words.isEmpty()) {
            return NOT_HEARD;
        }
        String normalized = String.join(" ", words);
        boolean goodbye = words.stream().anyMatch(GOODBYE_WORDS::contains)
                || GOODBYE_PHRASES.stream().anyMatch(p -> (" " + normalized + " ").contains(" " + p + " "));
        boolean thanks = words.stream().anyMatch(THANKS_WORDS::contains);
        boolean greeting = words.stream().anyMatch(GREETING_WORDS::contains) || normalized.contains("how are you");
        boolean declined = words.stream().allMatch(w -> NEGATIVE_WORDS.contains(w) || THANKS_WORDS.contains(w)
                || w.equals("you") || w.equals("else") || w.equals("that's") || w.equals("it") || w.equals("all"))
                && words.stream().anyMatch(NEGATIVE_WORDS::contains);

        List<String> terms = TextAnalyzer.terms(last);
        if (!terms.isEmpty() && !goodbye) {
            KnowledgeIndex index = index(knowledge);
            Optional<KnowledgeIndex.Match> match = index.best(terms);
            if (match.isEmpty() && !previous.isBlank()) {
                List<String> withContext = new ArrayList<>(new HashSet<>(TextAnalyzer.terms(previous)));
                withContext.addAll(terms);
                match = index.best(withContext).filter(m -> m.passage().terms().stream().anyMatch(terms::contains));
            }
            if (match.isPresent()) {
                return match.get().passage().answer();
            }
            if (!thanks && !greeting || terms.size() > 1) {
                return CANNOT_HELP;
            }
        }
        if (goodbye) {
            return GOODBYE;
        }
        if (declined && lastAssistant.toLowerCase().contains("anything else")) {
            return GOODBYE; // "No, thanks." after "Is there anything else…?"
        }
        if (thanks) {
            return WELCOME;
        }
        if (greeting) {
            return GREETING;
        }
        return terms.isEmpty() ? NOT_HEARD : CANNOT_HELP;
    }

    private KnowledgeIndex index(String knowledge) {
        synchronized (indexes) {
            return indexes.computeIfAbsent(knowledge, KnowledgeIndex::of);
        }
    }

    /** The reply in chunks of a few words; the chunks concatenate to exactly the reply. */
    static List<String> chunks(String reply) {
        List<String> chunks = new ArrayList<>();
        int start = 0, words = 0;
        for (int i = 1; i <= reply.length(); i++) {
            boolean wordEnd = i == reply.length() || Character.isWhitespace(reply.charAt(i)) && !Character.isWhitespace(reply.charAt(i - 1));
            if (wordEnd && ++words % WORDS_PER_CHUNK == 0 || i == reply.length()) {
                if (i > start) {
                    chunks.add(reply.substring(start, i));
                }
                start = i;
            }
        }
        return chunks;
    }

    private static ChatResponse response(String text) {
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
    }
}
