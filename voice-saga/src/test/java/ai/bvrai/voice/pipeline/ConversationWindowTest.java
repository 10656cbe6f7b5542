package ai.bvrai.voice.pipeline;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.tokenizer.JTokkitTokenCountEstimator;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationWindowTest {

    private final ConversationWindow window = new ConversationWindow(new JTokkitTokenCountEstimator());

    private static List<Message> conversation(int exchanges) {
        List<Message> turns = new java.util.ArrayList<>();
        for (int i = 1; i <= exchanges; i++) {
            turns.add(new UserMessage("Question number " + i + " about the opening hours of the shop on the corner?"));
            turns.add(new AssistantMessage("Answer number " + i + ": we are open from nine to five on weekdays."));
        }
        turns.add(new UserMessage("And on Sundays?"));
        return turns;
    }

    @Test
    void givenAConversationThatFits_whenFitted_thenEverythingIsSentAfterTheSystemMessage() {
        List<Message> turns = conversation(3);

        List<Message> fitted = window.fit("You are the shop's assistant.", turns, 10_000);

        assertThat(fitted).hasSize(turns.size() + 1);
        assertThat(fitted.getFirst().getMessageType()).isEqualTo(MessageType.SYSTEM);
        assertThat(fitted.subList(1, fitted.size())).isEqualTo(turns);
    }

    @Test
    void givenALongConversation_whenFitted_thenTheOldestTurnsGoFirstAndTheSystemMessageAndNewestTurnStay() {
        List<Message> turns = conversation(40);

        List<Message> fitted = window.fit("You are the shop's assistant.", turns, 300);

        assertThat(fitted.getFirst().getText()).isEqualTo("You are the shop's assistant.");
        assertThat(fitted.getLast().getText()).isEqualTo("And on Sundays?");
        assertThat(fitted.size()).isLessThan(turns.size() / 2);
        assertThat(fitted.get(1).getMessageType()).as("never starts with a reply without its question")
                .isEqualTo(MessageType.USER);
        List<Message> kept = fitted.subList(1, fitted.size());
        assertThat(turns.subList(turns.size() - kept.size(), turns.size())).as("a suffix of the conversation").isEqualTo(kept);
        int tokens = fitted.stream().mapToInt(m -> new JTokkitTokenCountEstimator().estimate(m.getText())
                + ConversationWindow.MESSAGE_OVERHEAD).sum();
        assertThat(tokens).isLessThanOrEqualTo(300);
    }

    @Test
    void givenANewestTurnLargerThanTheBudget_whenFitted_thenItIsStillSent() {
        List<Message> turns = List.of(new UserMessage("word ".repeat(500)));

        List<Message> fitted = window.fit("System.", turns, 50);

        assertThat(fitted).hasSize(2);
        assertThat(fitted.get(1)).isEqualTo(turns.getFirst());
    }
}
