package ai.bvrai.command.telephony;

import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;

import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ai.bvrai.api.MetadataKeys;
import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.telephony.AttachPhoneNumberCommand;
import ai.bvrai.api.telephony.DetachPhoneNumberCommand;
import ai.bvrai.api.telephony.PhoneNumberAttachedEvent;
import ai.bvrai.api.telephony.PhoneNumberDetachedEvent;

class PhoneNumberTest {

    private static final String ID = "number-1";
    private static final String NUMBER = "+14155550100";
    private static final PhoneNumberAttachedEvent ATTACHED = new PhoneNumberAttachedEvent(ID, "acme", NUMBER, "agent-1");

    private AggregateTestFixture<PhoneNumber> fixture;
    private PhoneNumbers numbers;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(PhoneNumber.class);
        numbers = mock(PhoneNumbers.class);
        fixture.registerInjectableResource(numbers);
    }

    private static org.hamcrest.Matcher<Throwable> refusedWith(ErrorCode code) {
        return Matchers.predicate(e -> e instanceof DomainException domain && domain.code() == code);
    }

    @Test
    void givenAFreeNumber_whenAttached_thenItIsTheOrganizations() {
        fixture.givenNoPriorActivity()
                .when(new AttachPhoneNumberCommand(ID, "acme", NUMBER, "agent-1"))
                .expectEvents(ATTACHED);
    }

    @Test
    void givenANumberAttachedElsewhere_whenAttached_thenRefusedAsTaken() {
        doThrow(new DomainException(ErrorCode.PHONE_NUMBER_TAKEN, "taken")).when(numbers).requireAvailable(NUMBER);
        fixture.givenNoPriorActivity()
                .when(new AttachPhoneNumberCommand(ID, "globex", NUMBER, "agent-2"))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.PHONE_NUMBER_TAKEN));
    }

    @Test
    void givenAnAttachedNumber_whenDetachedTwice_thenDetachedOnce() {
        fixture.given(ATTACHED)
                .when(new DetachPhoneNumberCommand(ID), MetaData.with(MetadataKeys.ORGANIZATION_ID, "acme"))
                .expectEvents(new PhoneNumberDetachedEvent(ID, "acme", NUMBER));
        fixture.given(ATTACHED, new PhoneNumberDetachedEvent(ID, "acme", NUMBER))
                .when(new DetachPhoneNumberCommand(ID), MetaData.with(MetadataKeys.ORGANIZATION_ID, "acme"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenAnotherOrganizationsNumber_whenDetached_thenItIsNotFound() {
        fixture.given(ATTACHED)
                .when(new DetachPhoneNumberCommand(ID), MetaData.with(MetadataKeys.ORGANIZATION_ID, "globex"))
                .expectNoEvents()
                .expectException(refusedWith(ErrorCode.PHONE_NUMBER_NOT_FOUND));
    }
}
