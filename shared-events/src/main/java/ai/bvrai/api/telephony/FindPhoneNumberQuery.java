package ai.bvrai.api.telephony;

/**
 * The attachment of an E.164 number, whichever organization holds it (the telephony webhooks find the organization
 * this way; the answer is never shown to another organization's users). Answers a {@link PhoneNumberView} or null.
 */
public record FindPhoneNumberQuery(String number) {
}
