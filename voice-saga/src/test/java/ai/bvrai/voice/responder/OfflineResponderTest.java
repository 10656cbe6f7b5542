package ai.bvrai.voice.responder;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OfflineResponderTest {

    static final String FAQ = """
            # Acme Dental FAQ

            Q: What are your opening hours?
            A: We are open Monday to Friday from 8 am to 6 pm, and Saturday from 9 am to 1 pm.

            Q: Where are you located?
            A: Our clinic is at 12 Harbour Street, next to the central station.

            Do you accept insurance?
            Yes, we accept all major dental insurance plans. Bring your insurance card to your visit.

            How much does a cleaning cost?
            A standard cleaning costs 80 dollars.

            # Parking
            Free parking is available behind the building. Bicycles can be left in the courtyard.
            """;

    final OfflineResponder responder = new OfflineResponder();

    static AgentConfiguration agent(String knowledge) {
        return new AgentConfiguration("Dental desk", "You are the receptionist of {{clinic}}.", "Hello!", "en-US",
                new VoiceSettings("freetts", "kevin16"), new SttSettings("vosk", "en-us"),
                new LlmSettings("offline", "faq-retrieval", 0.7, 256), 600, 30, 600, List.of("goodbye"), knowledge,
                Map.of("clinic", "Acme Dental"));
    }

    String ask(String... turns) {
        List<Message> messages = new ArrayList<>();
        messages.add(new SystemMessage(OfflinePrompts.system(agent(FAQ), "You are the receptionist of Acme Dental.")));
        for (int i = 0; i < turns.length; i++) {
            messages.add(i % 2 == 0 ? new UserMessage(turns[i]) : new AssistantMessage(turns[i]));
        }
        return responder.call(new Prompt(messages)).getResult().getOutput().getText();
    }

    @Test
    void givenAnFaq_whenACallerAsksInTheirOwnWords_thenTheMatchingAnswerIsGiven() {
        assertThat(ask("hi what time do you open on saturday")).startsWith("We are open Monday to Friday");
        assertThat(ask("where is the clinic")).startsWith("Our clinic is at 12 Harbour Street");
        assertThat(ask("do you take my insurance")).startsWith("Yes, we accept all major dental insurance plans");
        assertThat(ask("how much is a cleaning")).isEqualTo("A standard cleaning costs 80 dollars.");
        assertThat(ask("where can I park")).isEqualTo("Free parking is available behind the building.");
        assertThat(ask("where do I leave my bicycle")).isEqualTo("Bicycles can be left in the courtyard.");
    }

    @Test
    void givenAQuestionTheKnowledgeDoesNotCover_whenAsked_thenItSaysPlainlyThatItCannotHelp() {
        assertThat(ask("do you do teeth whitening for children")).isEqualTo(OfflineResponder.CANNOT_HELP);
        assertThat(ask("what is the weather in paris tomorrow")).isEqualTo(OfflineResponder.CANNOT_HELP);
        // retrieval matches words, not meanings: a synonym the knowledge never uses is not understood
        assertThat(ask("can I leave my car somewhere")).isEqualTo(OfflineResponder.CANNOT_HELP);
    }

    @Test
    void givenNoKnowledgeAtAll_whenAsked_thenItCannotHelpButStillGreets() {
        Prompt question = new Prompt(List.of(new SystemMessage(OfflinePrompts.system(agent(""), "Be nice.")),
                new UserMessage("what are your opening hours")));
        assertThat(responder.call(question).getResult().getOutput().getText()).isEqualTo(OfflineResponder.CANNOT_HELP);
        Prompt hello = new Prompt(List.of(new SystemMessage("Be nice."), new UserMessage("Hello!")));
        assertThat(responder.call(hello).getResult().getOutput().getText()).isEqualTo(OfflineResponder.GREETING);
    }

    @Test
    void givenCourtesies_whenSaid_thenGreetingThanksAndGoodbyeAreAnswered() {
        assertThat(ask("Hello")).isEqualTo(OfflineResponder.GREETING);
        assertThat(ask("good morning, how are you?")).isEqualTo(OfflineResponder.GREETING);
        assertThat(ask("thank you so much")).isEqualTo(OfflineResponder.WELCOME);
        assertThat(ask("great, thanks")).isEqualTo(OfflineResponder.WELCOME);
        assertThat(ask("ok thanks, bye")).isEqualTo("Goodbye! Thanks for calling.");
        assertThat(ask("that's all, have a nice day")).isEqualTo(OfflineResponder.GOODBYE);
        assertThat(ask("where are you located", OfflineResponder.WELCOME.replace("You're welcome! ", ""), "no thanks"))
                .isEqualTo(OfflineResponder.GOODBYE);
        assertThat(ask("")).isEqualTo(OfflineResponder.NOT_HEARD);
    }

    @Test
    void givenAFollowUpQuestion_whenItOnlyMakesSenseWithThePreviousOne_thenThePreviousTurnGivesContext() {
        assertThat(ask("how much does a cleaning cost", "A standard cleaning costs 80 dollars.", "and with insurance"))
                .startsWith("Yes, we accept all major dental insurance plans");
    }

    @Test
    void givenAReply_whenStreamed_thenItArrivesInSeveralChunksThatAddUpToTheWholeAnswer() {
        Prompt prompt = new Prompt(List.of(new SystemMessage(OfflinePrompts.system(agent(FAQ), "Be nice.")),
                new UserMessage("where are you located?")));
        List<String> chunks = responder.stream(prompt).map(ChatResponse::getResult).map(g -> g.getOutput().getText())
                .collectList().block();
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(String.join("", chunks)).isEqualTo(responder.call(prompt).getResult().getOutput().getText());
        List<String> sentences = SentenceChunker.sentences(responder.stream(prompt)
                .map(r -> r.getResult().getOutput().getText())).collectList().block();
        assertThat(sentences).containsExactly("Our clinic is at 12 Harbour Street, next to the central station.");
    }

    @Test
    void givenAnAgent_whenTheSystemMessageIsBuilt_thenKnowledgeFollowsTheMarkerAndCanBeReadBack() {
        String system = OfflinePrompts.system(agent(FAQ), "You are the receptionist.\nKNOWLEDGE: is power.");
        assertThat(system).startsWith("You are the receptionist.").contains("\n\nKNOWLEDGE:\n# Acme Dental FAQ");
        assertThat(OfflinePrompts.knowledge(system)).isEqualTo(FAQ.strip());
        assertThat(OfflinePrompts.system(agent(""), "Prompt.")).isEqualTo("Prompt.");
        assertThat(OfflinePrompts.knowledge("Prompt.")).isEmpty();
    }
}
