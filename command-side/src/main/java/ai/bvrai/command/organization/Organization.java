package ai.bvrai.command.organization;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.api.organization.ChangeOrganizationSettingsCommand;
import ai.bvrai.api.organization.CreateOrganizationCommand;
import ai.bvrai.api.organization.OrganizationSettingsChangedEvent;
import ai.bvrai.api.organization.OrganizationCreatedEvent;
import ai.bvrai.api.organization.Provider;
import ai.bvrai.api.organization.ProviderCredentialsRemovedEvent;
import ai.bvrai.api.organization.ProviderCredentialsSetEvent;
import ai.bvrai.api.organization.RemoveProviderCredentialsCommand;
import ai.bvrai.api.organization.SetProviderCredentialsCommand;
import ai.bvrai.infra.credentials.ProviderCredentialStore;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant. Its members and their roles live in Keycloak; its settings live here. Organizations seeded with the
 * realm have no {@link OrganizationCreatedEvent}, so settings commands create the aggregate when it is missing.
 */
@Aggregate
class Organization {

    @AggregateIdentifier
    private String organizationId;
    private final Map<Provider, String> credentialReferences = new EnumMap<>(Provider.class);
    private String timeZone;

    protected Organization() {
        // rebuilt from events by Axon
    }

    /** Recording the same organization twice is a no-op, so a retried registration step is harmless. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateOrganizationCommand command) {
        if (organizationId == null) {
            apply(new OrganizationCreatedEvent(command.organizationId(), command.name(), command.alias()));
        }
    }

    /**
     * The sealed secret goes to the command side's table in this command's transaction: if the event is not
     * stored, neither is the secret. Which reference and hint to record was decided by the caller.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetProviderCredentialsCommand command,
                @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization, ProviderCredentialStore store) {
        requireOwnOrganization(command.organizationId(), callerOrganization);
        store.store(command.organizationId(), command.provider(), command.reference(), command.hint(), command.sealed());
        apply(new ProviderCredentialsSetEvent(command.organizationId(), command.provider(), command.reference(),
                command.hint()));
    }

    /** Creating on a miss only to answer "not configured" in one place; nothing is stored then. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveProviderCredentialsCommand command,
                @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization, ProviderCredentialStore store) {
        requireOwnOrganization(command.organizationId(), callerOrganization);
        if (!credentialReferences.containsKey(command.provider())) {
            throw new DomainException(ErrorCode.PROVIDER_CREDENTIALS_NOT_FOUND,
                    "Your organization has no credentials for " + command.provider().wireName() + ".");
        }
        store.delete(command.organizationId(), command.provider());
        apply(new ProviderCredentialsRemovedEvent(command.organizationId(), command.provider()));
    }

    /** The zone must be one the JVM knows (IANA ids such as {@code Europe/Berlin}, or {@code UTC}). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeOrganizationSettingsCommand command,
                @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization, OrganizationSettingsStore settings) {
        requireOwnOrganization(command.organizationId(), callerOrganization);
        String zone;
        try {
            zone = ZoneId.of(command.timeZone().strip()).getId();
        } catch (DateTimeException e) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Unknown time zone '" + command.timeZone()
                    + "'; use an IANA id such as Europe/Berlin or America/New_York.",
                    List.of(new ErrorDetails.FieldError("timeZone", "is not a known time zone")));
        }
        if (zone.equals(timeZone)) {
            return;                                                 // unchanged: a documented no-op
        }
        settings.store(command.organizationId(), zone);
        apply(new OrganizationSettingsChangedEvent(command.organizationId(), zone));
    }

    @EventSourcingHandler
    void on(OrganizationCreatedEvent event) {
        organizationId = event.organizationId();
    }

    @EventSourcingHandler
    void on(ProviderCredentialsSetEvent event) {
        organizationId = event.organizationId();
        credentialReferences.put(event.provider(), event.reference());
    }

    @EventSourcingHandler
    void on(OrganizationSettingsChangedEvent event) {
        organizationId = event.organizationId();
        timeZone = event.timeZone();
    }

    @EventSourcingHandler
    void on(ProviderCredentialsRemovedEvent event) {
        credentialReferences.remove(event.provider());
    }

    /** Only an organization's own members change its settings (the controller never sends anything else). */
    private static void requireOwnOrganization(String organizationId, String callerOrganization) {
        if (!Objects.equals(organizationId, callerOrganization)) {
            throw new DomainException(ErrorCode.ORGANIZATION_MISMATCH,
                    "You can only change the settings of your own organization.");
        }
    }
}
