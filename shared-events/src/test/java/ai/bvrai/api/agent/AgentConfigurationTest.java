package ai.bvrai.api.agent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentConfigurationTest {

    static final AgentConfiguration SUPPORT = new AgentConfiguration("Support", "You help {{company}} customers.",
            "Hello!", "en-US", new VoiceSettings("freetts", "kevin16"), new SttSettings("vosk", "en-us"),
            new LlmSettings("offline", "faq-retrieval", 0.7, 256), 600, 30, 600, List.of("goodbye"), "", Map.of("company", "Acme"));

    @Test
    void givenAPatchOfOneField_whenApplied_thenOnlyThatFieldChanges() {
        AgentConfiguration changed = SUPPORT.apply(new AgentConfigurationPatch(null, null, "Welcome!", null, null,
                null, null, null, null, null, null, null, null, null, null));

        assertThat(changed.firstMessage()).isEqualTo("Welcome!");
        assertThat(changed).usingRecursiveComparison().ignoringFields("firstMessage").isEqualTo(SUPPORT);
    }

    @Test
    void givenAnEmptyPatch_whenApplied_thenTheConfigurationIsEqual() {
        AgentConfiguration same = SUPPORT.apply(new AgentConfigurationPatch(null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null));

        assertThat(same).isEqualTo(SUPPORT);
    }
}
