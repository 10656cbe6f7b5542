package ai.bvrai.command.telephony;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.telephony.AttachPhoneNumberCommand;
import ai.bvrai.api.telephony.DetachPhoneNumberCommand;
import ai.bvrai.api.telephony.PhoneNumberAttachedEvent;
import ai.bvrai.api.telephony.PhoneNumberDetachedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * One attachment of a phone number to an organization's agent, from attach to detach. That a number belongs to one
 * organization at a time is a set-based rule kept by {@link PhoneNumbers}. Detaching twice is a no-op; another
 * organization's attachment does not exist as far as the caller can tell.
 */
@Aggregate
class PhoneNumber {

    @AggregateIdentifier
    private String phoneNumberId;
    private String organizationId;
    private String number;
    private boolean detached;

    protected PhoneNumber() {
        // rebuilt from events by Axon
    }

    @CommandHandler
    PhoneNumber(AttachPhoneNumberCommand command, PhoneNumbers numbers) {
        numbers.requireAvailable(command.number());
        apply(new PhoneNumberAttachedEvent(command.phoneNumberId(), command.organizationId(), command.number(),
                command.agentId()));
    }

    @CommandHandler
    long handle(DetachPhoneNumberCommand command, @MetaDataValue(MetadataKeys.ORGANIZATION_ID) String callerOrganization) {
        if (!organizationId.equals(callerOrganization)) {
            throw new DomainException(ErrorCode.PHONE_NUMBER_NOT_FOUND, "No phone number " + phoneNumberId + ".");
        }
        if (!detached) {
            apply(new PhoneNumberDetachedEvent(phoneNumberId, organizationId, number));
        }
        return getVersion();
    }

    @EventSourcingHandler
    void on(PhoneNumberAttachedEvent event) {
        phoneNumberId = event.phoneNumberId();
        organizationId = event.organizationId();
        number = event.number();
    }

    @EventSourcingHandler
    void on(PhoneNumberDetachedEvent event) {
        detached = true;
    }
}
