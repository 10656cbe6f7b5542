package ai.bvrai.query.audit;

import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.audit.FieldChange;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class AuditTimelineDiffTest {

    private final AuditTimeline timeline = timeline();

    private static AuditTimeline timeline() {
        org.axonframework.config.Configuration axon = mock(org.axonframework.config.Configuration.class);
        when(axon.eventSerializer()).thenReturn(mock(org.axonframework.serialization.Serializer.class));
        return new AuditTimeline(mock(EventStore.class), mock(JdbcTemplate.class), axon, mock(UserNames.class));
    }

    private static AgentConfiguration configuration() {
        return new AgentConfiguration("Front desk", "You answer for {{company}}.", "Hello!", "en-US",
                new VoiceSettings("freetts", "kevin16"), new SttSettings("vosk", "en-us"),
                new LlmSettings("offline", "faq", 0.2, 200, null), 600, 30, null, List.of("bye"), "", Map.of("company", "Acme"));
    }

    @Test
    void givenAChangedPromptAndLimit_whenDiffed_thenExactlyThoseFieldsWithBeforeAndAfter() {
        AgentConfiguration before = configuration();
        AgentConfiguration after = new AgentConfiguration("Front desk", "You answer for Acme only.", "Hello!", "en-US",
                before.voice(), before.stt(), before.llm(), 601, 30, null, List.of("bye"), "", Map.of("company", "Acme"));

        List<FieldChange> changes = timeline.diff(before, after);

        assertThat(changes).containsExactly(
                new FieldChange("maxCallDurationSeconds", 600, 601),
                new FieldChange("systemPrompt", "You answer for {{company}}.", "You answer for Acme only."));
    }

    @Test
    void givenANestedSettingAndAVariableChanged_whenDiffed_thenTheirPaths() {
        AgentConfiguration before = configuration();
        AgentConfiguration after = new AgentConfiguration(before.name(), before.systemPrompt(), before.firstMessage(),
                before.language(), before.voice(), before.stt(), new LlmSettings("offline", "faq", 0.7, 200, null), 600, 30,
                null, List.of("bye"), "", Map.of("company", "Globex"));

        assertThat(timeline.diff(before, after)).containsExactly(
                new FieldChange("llm.temperature", 0.2, 0.7),
                new FieldChange("variables.company", "Acme", "Globex"));
    }

    @Test
    void givenTheSameConfiguration_whenDiffed_thenNothingChanged() {
        assertThat(timeline.diff(configuration(), configuration())).isEmpty();
    }
}
