package ai.bvrai.command.organization;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.organization.ChangeOrganizationSettingsCommand;
import ai.bvrai.api.organization.OrganizationCreatedEvent;
import ai.bvrai.api.organization.OrganizationSettingsChangedEvent;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.api.organization.ProviderCredentialsRemovedEvent;
import ai.bvrai.api.organization.ProviderCredentialsSetEvent;
import ai.bvrai.api.organization.RemoveProviderCredentialsCommand;
import ai.bvrai.api.organization.SealedSecret;
import ai.bvrai.api.organization.SetProviderCredentialsCommand;
import ai.bvrai.infra.credentials.ProviderCredentialStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class OrganizationTest {

    private static final String ACME = "org-acme";
    private static final MetaData FROM_ACME = MetaData.with(MetadataKeys.ORGANIZATION_ID, ACME);
    private static final MetaData FROM_GLOBEX = MetaData.with(MetadataKeys.ORGANIZATION_ID, "org-globex");
    private static final SealedSecret SEALED = new SealedSecret("k-1", "bm9uY2U=", "Y2lwaGVy");

    private AggregateTestFixture<Organization> fixture;
    private ProviderCredentialStore store;
    private OrganizationSettingsStore settings;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Organization.class);
        store = mock(ProviderCredentialStore.class);
        settings = mock(OrganizationSettingsStore.class);
        fixture.registerInjectableResource(store);
        fixture.registerInjectableResource(settings);
    }

    private static SetProviderCredentialsCommand set(String reference) {
        return new SetProviderCredentialsCommand(ACME, Provider.OPENAI, reference, "sk-…abcd", SEALED);
    }

    @Test
    void givenASeededOrganizationWithoutEvents_whenItsAdminSetsCredentials_thenTheAggregateIsCreatedAndTheSecretStored() {
        fixture.givenNoPriorActivity()
                .when(set("ref-1"), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProviderCredentialsSetEvent(ACME, Provider.OPENAI, "ref-1", "sk-…abcd"));
        verify(store).store(ACME, Provider.OPENAI, "ref-1", "sk-…abcd", SEALED);
    }

    @Test
    void givenARegisteredOrganization_whenCredentialsAreReplaced_thenANewReferenceIsRecorded() {
        fixture.given(new OrganizationCreatedEvent(ACME, "Acme", "acme"),
                        new ProviderCredentialsSetEvent(ACME, Provider.OPENAI, "ref-1", "sk-…abcd"))
                .when(set("ref-2"), FROM_ACME)
                .expectEvents(new ProviderCredentialsSetEvent(ACME, Provider.OPENAI, "ref-2", "sk-…abcd"));
    }

    @Test
    void givenAnotherOrganizationsCaller_whenSettingCredentials_thenRefusedAndNothingStored() {
        fixture.given(new OrganizationCreatedEvent(ACME, "Acme", "acme"))
                .when(set("ref-1"), FROM_GLOBEX)
                .expectNoEvents()
                .expectException(Matchers.predicate(e -> e instanceof DomainException d
                        && d.code() == ErrorCode.ORGANIZATION_MISMATCH));
        verifyNoInteractions(store);
    }

    @Test
    void givenConfiguredCredentials_whenRemoved_thenTheRowIsDeletedAndTheRemovalRecorded() {
        fixture.given(new ProviderCredentialsSetEvent(ACME, Provider.OPENAI, "ref-1", "sk-…abcd"))
                .when(new RemoveProviderCredentialsCommand(ACME, Provider.OPENAI), FROM_ACME)
                .expectEvents(new ProviderCredentialsRemovedEvent(ACME, Provider.OPENAI));
        verify(store).delete(ACME, Provider.OPENAI);
    }

    @Test
    void givenRemovedCredentials_whenRemovedAgain_thenNotFound() {
        fixture.given(new ProviderCredentialsSetEvent(ACME, Provider.OPENAI, "ref-1", "sk-…abcd"),
                        new ProviderCredentialsRemovedEvent(ACME, Provider.OPENAI))
                .when(new RemoveProviderCredentialsCommand(ACME, Provider.OPENAI), FROM_ACME)
                .expectNoEvents()
                .expectException(Matchers.predicate(e -> e instanceof DomainException d
                        && d.code() == ErrorCode.PROVIDER_CREDENTIALS_NOT_FOUND));
    }

    @Test
    void givenAnOrganizationWithoutEvents_whenRemovingCredentials_thenNotFound() {
        fixture.givenNoPriorActivity()
                .when(new RemoveProviderCredentialsCommand(ACME, Provider.TWILIO), FROM_ACME)
                .expectException(Matchers.predicate(e -> e instanceof DomainException d
                        && d.code() == ErrorCode.PROVIDER_CREDENTIALS_NOT_FOUND));
        verifyNoInteractions(store);
    }

    @Test
    void givenASeededOrganization_whenItsAdminSetsATimeZone_thenTheZoneIsStoredAndRecorded() {
        fixture.givenNoPriorActivity()
                .when(new ChangeOrganizationSettingsCommand(ACME, " Europe/Berlin "), FROM_ACME)
                .expectEvents(new OrganizationSettingsChangedEvent(ACME, "Europe/Berlin"));
        verify(settings).store(ACME, "Europe/Berlin");
    }

    @Test
    void givenAnUnknownTimeZone_whenSet_thenRefusedNamingTheField() {
        fixture.givenNoPriorActivity()
                .when(new ChangeOrganizationSettingsCommand(ACME, "Mars/Olympus_Mons"), FROM_ACME)
                .expectException(Matchers.predicate(e -> e instanceof DomainException d
                        && d.code() == ErrorCode.VALIDATION_FAILED && d.getMessage().contains("Mars/Olympus_Mons")));
        verifyNoInteractions(settings);
    }

    @Test
    void givenTheSameTimeZone_whenSetAgain_thenNothingHappens() {
        fixture.given(new OrganizationSettingsChangedEvent(ACME, "Europe/Berlin"))
                .when(new ChangeOrganizationSettingsCommand(ACME, "Europe/Berlin"), FROM_ACME)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenAnotherOrganizationsCaller_whenChangingSettings_thenRefused() {
        fixture.givenNoPriorActivity()
                .when(new ChangeOrganizationSettingsCommand(ACME, "Europe/Berlin"), FROM_GLOBEX)
                .expectException(Matchers.predicate(e -> e instanceof DomainException d
                        && d.code() == ErrorCode.ORGANIZATION_MISMATCH));
    }
}
