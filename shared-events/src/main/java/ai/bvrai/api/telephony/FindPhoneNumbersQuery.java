package ai.bvrai.api.telephony;

/** The organization's numbers, ordered by number. Answers a list of {@link PhoneNumberView}. */
public record FindPhoneNumbersQuery(String organizationId) {
}
