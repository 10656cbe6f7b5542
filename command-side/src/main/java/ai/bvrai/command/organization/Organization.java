package ai.bvrai.command.organization;

import ai.bvrai.api.organization.CreateOrganizationCommand;
import ai.bvrai.api.organization.OrganizationCreatedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant. Its members and their roles live in Keycloak; its settings will live here. */
@Aggregate
class Organization {

    @AggregateIdentifier
    private String organizationId;

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

    @EventSourcingHandler
    void on(OrganizationCreatedEvent event) {
        organizationId = event.organizationId();
    }
}
