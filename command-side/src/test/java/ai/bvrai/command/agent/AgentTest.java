package ai.bvrai.command.agent;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.agent.AgentArchivedEvent;
import ai.bvrai.api.agent.AgentConfiguration;
import ai.bvrai.api.agent.AgentTool;
import ai.bvrai.api.agent.AgentConfigurationChangedEvent;
import ai.bvrai.api.agent.AgentConfigurationPatch;
import ai.bvrai.api.agent.AgentCreatedEvent;
import ai.bvrai.api.agent.AgentPublishedEvent;
import ai.bvrai.api.agent.AgentRestoredEvent;
import ai.bvrai.api.agent.ArchiveAgentCommand;
import ai.bvrai.api.agent.ChangeAgentConfigurationCommand;
import ai.bvrai.api.agent.CreateAgentCommand;
import ai.bvrai.api.agent.LlmSettings;
import ai.bvrai.api.agent.PublishAgentCommand;
import ai.bvrai.api.agent.RestoreAgentCommand;
import ai.bvrai.api.agent.SttSettings;
import ai.bvrai.api.agent.VoiceSettings;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class AgentTest {

    private static final String AGENT = "agent-1";
    private static final String ACME = "org-acme";
    private static final MetaData FROM_ACME = MetaData.with(MetadataKeys.ORGANIZATION_ID, ACME);
    private static final MetaData FROM_GLOBEX = MetaData.with(MetadataKeys.ORGANIZATION_ID, "org-globex");
    private static final AgentConfiguration SUPPORT = new AgentConfiguration("Support", "You help {{company}} customers.",
            "Hello, {{company}} here.", "en-US", new VoiceSettings("freetts", "kevin16"), new SttSettings("vosk", "en-us"),
            new LlmSettings("offline", "faq-retrieval", 0.7, 256), 600, 30, 600, List.of("goodbye"), "", Map.of("company", "Acme"));

    private AggregateTestFixture<Agent> fixture;
    private AgentNames names;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Agent.class);
        names = mock(AgentNames.class);
        fixture.registerInjectableResource(names);
    }

    private static AgentConfigurationPatch patch(String name, String firstMessage) {
        return new AgentConfigurationPatch(name, null, firstMessage, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    private static ErrorCode codeOf(Throwable e) {
        return e instanceof DomainException domain ? domain.code() : null;
    }

    @Test
    void givenNoAgent_whenCreated_thenADraftWithItsConfigurationExists() {
        fixture.givenNoPriorActivity()
                .when(new CreateAgentCommand(AGENT, ACME, SUPPORT))
                .expectEvents(new AgentCreatedEvent(AGENT, ACME, SUPPORT));
        verify(names).requireAvailable(ACME, "Support", AGENT);
    }

    @Test
    void givenTheNameIsTakenInTheOrganization_whenCreated_thenItIsRefusedAndNothingHappens() {
        doThrow(new DomainException(ErrorCode.AGENT_NAME_TAKEN, "taken"))
                .when(names).requireAvailable(eq(ACME), eq("Support"), any());

        fixture.givenNoPriorActivity()
                .when(new CreateAgentCommand(AGENT, ACME, SUPPORT))
                .expectNoEvents()
                .expectException(DomainException.class)
                .expectExceptionMessage("taken");
    }

    @Test
    void givenAMalformedTemplate_whenCreated_thenItIsRefusedNamingTheField() {
        AgentConfiguration broken = SUPPORT.apply(patch(null, "Hi {{ name"));

        fixture.givenNoPriorActivity()
                .when(new CreateAgentCommand(AGENT, ACME, broken))
                .expectNoEvents()
                .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.INVALID_TEMPLATE
                        && ((DomainException) e).details().fields().getFirst().field().equals("firstMessage")));
        verifyNoInteractions(names);
    }

    @Test
    void givenAnAgent_whenAFieldIsChanged_thenTheWholeNewConfigurationIsRecorded() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch(null, "Welcome!"), null), FROM_ACME)
                .expectEvents(new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch(null, "Welcome!"))))
                .expectResultMessagePayload(1L);
        verifyNoInteractions(names);
    }

    @Test
    void givenAnAgent_whenRenamed_thenTheNewNameMustBeAvailable() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch("Front desk", null), null), FROM_ACME)
                .expectEvents(new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch("Front desk", null))));
        verify(names).requireAvailable(ACME, "Front desk", AGENT);
    }

    @Test
    void givenAnAgent_whenOnlyTheCaseOfItsNameChanges_thenNoUniquenessCheckIsNeeded() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch("SUPPORT", null), null), FROM_ACME)
                .expectEvents(new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch("SUPPORT", null))));
        verifyNoInteractions(names);
    }

    @Test
    void givenAnAgent_whenAChangeSetsTheSameValues_thenNothingIsRecorded() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch("Support", SUPPORT.firstMessage()), null), FROM_ACME)
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void givenAnAgent_whenAChangeIntroducesAMalformedTemplate_thenItIsRefused() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch(null, "{{oops"), null), FROM_ACME)
                .expectNoEvents()
                .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.INVALID_TEMPLATE));
    }

    @Test
    void givenAnAgentChangedSinceTheCallerReadIt_whenChangedWithTheOldVersion_thenTheChangeIsRefused() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT),
                        new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch(null, "Someone else's change"))))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch(null, "Mine"), 0L), FROM_ACME)
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void givenAnAgentUnchangedSinceTheCallerReadIt_whenChangedWithThatVersion_thenTheChangeIsApplied() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch(null, "Mine"), 0L), FROM_ACME)
                .expectEvents(new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch(null, "Mine"))));
    }

    @Test
    void givenAnotherOrganizationsAgent_whenAnyCommandArrives_thenItLooksLikeItDoesNotExist() {
        List<Object> commands = List.of(
                new ChangeAgentConfigurationCommand(AGENT, patch(null, "Hijack"), null),
                new PublishAgentCommand(AGENT),
                new ArchiveAgentCommand(AGENT),
                new RestoreAgentCommand(AGENT));
        for (Object command : commands) {
            fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                    .when(command, FROM_GLOBEX)
                    .expectNoEvents()
                    .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.AGENT_NOT_FOUND));
        }
    }

    @Test
    void givenACommandWithoutOrganization_whenItTargetsAnAgent_thenItIsRefused() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ArchiveAgentCommand(AGENT))
                .expectNoEvents()
                .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.AGENT_NOT_FOUND));
    }

    @Test
    void givenADraft_whenPublished_thenVersionOneFreezesTheCurrentConfiguration() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new PublishAgentCommand(AGENT), FROM_ACME)
                .expectEvents(new AgentPublishedEvent(AGENT, 1, SUPPORT));
    }

    @Test
    void givenAPublishedAgentChangedSince_whenPublishedAgain_thenVersionTwoIsCreated() {
        AgentConfiguration changed = SUPPORT.apply(patch(null, "Welcome!"));
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentPublishedEvent(AGENT, 1, SUPPORT),
                        new AgentConfigurationChangedEvent(AGENT, changed))
                .when(new PublishAgentCommand(AGENT), FROM_ACME)
                .expectEvents(new AgentPublishedEvent(AGENT, 2, changed));
    }

    @Test
    void givenAPublishedAgentUnchangedSince_whenPublishedAgain_thenNoNewVersionIsCreated() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentPublishedEvent(AGENT, 1, SUPPORT))
                .when(new PublishAgentCommand(AGENT), FROM_ACME)
                .expectNoEvents();
    }

    @Test
    void givenAnAgent_whenArchived_thenItIsArchived() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new ArchiveAgentCommand(AGENT), FROM_ACME)
                .expectEvents(new AgentArchivedEvent(AGENT));
    }

    @Test
    void givenAnArchivedAgent_whenArchivedAgain_thenNothingHappens() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentArchivedEvent(AGENT))
                .when(new ArchiveAgentCommand(AGENT), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenAnArchivedAgent_whenChangedOrPublished_thenItMustBeRestoredFirst() {
        for (Object command : List.of(new ChangeAgentConfigurationCommand(AGENT, patch(null, "x"), null),
                new PublishAgentCommand(AGENT))) {
            fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentArchivedEvent(AGENT))
                    .when(command, FROM_ACME)
                    .expectNoEvents()
                    .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.AGENT_ARCHIVED));
        }
    }

    @Test
    void givenAnArchivedAgent_whenRestored_thenItIsBack() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentArchivedEvent(AGENT))
                .when(new RestoreAgentCommand(AGENT), FROM_ACME)
                .expectEvents(new AgentRestoredEvent(AGENT));
    }

    @Test
    void givenAnAgentThatIsNotArchived_whenRestored_thenNothingHappens() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT))
                .when(new RestoreAgentCommand(AGENT), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenARestoredAgent_whenChanged_thenTheChangeIsAccepted() {
        fixture.given(new AgentCreatedEvent(AGENT, ACME, SUPPORT), new AgentArchivedEvent(AGENT), new AgentRestoredEvent(AGENT))
                .when(new ChangeAgentConfigurationCommand(AGENT, patch(null, "Back again"), null), FROM_ACME)
                .expectEvents(new AgentConfigurationChangedEvent(AGENT, SUPPORT.apply(patch(null, "Back again"))));
    }

    private static AgentTool tool(String name, Map<String, Object> parameters) {
        return new AgentTool(name, "Looks up an order", parameters, "https://tools.acme.test/orders", 2_000);
    }

    private static AgentConfiguration withTools(AgentTool... tools) {
        return SUPPORT.apply(new AgentConfigurationPatch(null, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(tools), List.of("+14155550100")));
    }

    @Test
    void givenValidHttpTools_whenCreated_thenTheToolsAndTransferNumbersAreRecorded() {
        AgentConfiguration configuration = withTools(tool("order_status", Map.of("type", "object",
                "properties", Map.of("order", Map.of("type", "string")))));

        fixture.givenNoPriorActivity()
                .when(new CreateAgentCommand(AGENT, ACME, configuration))
                .expectEvents(new AgentCreatedEvent(AGENT, ACME, configuration));
    }

    @Test
    void givenToolsNamedLikeABuiltInOrTwice_whenCreated_thenEachBadToolIsNamed() {
        Map<String, Object> object = Map.of("type", "object");
        AgentConfiguration configuration = withTools(tool("end_call", object), tool("lookup", object),
                tool("Lookup", object), tool("weather", Map.of("type", "string")));

        fixture.givenNoPriorActivity()
                .when(new CreateAgentCommand(AGENT, ACME, configuration))
                .expectNoEvents()
                .expectException(Matchers.<Throwable>predicate(e -> codeOf(e) == ErrorCode.VALIDATION_FAILED
                        && ((DomainException) e).details().fields().stream().map(f -> f.field()).toList()
                        .equals(List.of("tools[0].name", "tools[2].name", "tools[3].parameters"))));
    }
}
