package ai.bvrai.voice.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.tokenizer.TokenCountEstimator;

/**
 * The part of a conversation that fits a language model's token budget: the system message always, then as many of
 * the newest turns as fit, oldest left out first. A conversation never starts with an assistant turn (a model reads
 * a reply without its question as noise), so a window that would begin with one drops it too. The newest turn is
 * kept even when it alone exceeds the budget: the model must see what it is answering.
 */
public final class ConversationWindow {

    /** Per-message framing the providers add (role markers), in tokens. */
    static final int MESSAGE_OVERHEAD = 4;

    private final TokenCountEstimator tokens;

    public ConversationWindow(TokenCountEstimator tokens) {
        this.tokens = tokens;
    }

    /**
     * @param budget tokens for the whole prompt (the model's context minus what its answer may use)
     * @param history the turns in order, user and assistant messages
     */
    public List<Message> fit(String systemMessage, List<Message> history, int budget) {
        int used = cost(systemMessage);
        int first = history.size();
        while (first > 0) {
            int next = cost(history.get(first - 1).getText());
            if (used + next > budget && first < history.size()) {
                break;
            }
            used += next;
            first--;
        }
        while (first < history.size() - 1 && history.get(first).getMessageType() == org.springframework.ai.chat.messages.MessageType.ASSISTANT) {
            first++;
        }
        List<Message> window = new ArrayList<>(history.size() - first + 1);
        window.add(new SystemMessage(systemMessage));
        window.addAll(history.subList(first, history.size()));
        return window;
    }

    private int cost(String text) {
        return MESSAGE_OVERHEAD + (text == null || text.isEmpty() ? 0 : tokens.estimate(text));
    }
}
