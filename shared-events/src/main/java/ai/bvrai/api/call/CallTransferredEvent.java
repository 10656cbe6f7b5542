package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The call was handed to {@code toNumber}; a {@link CallEndedEvent} with reason TRANSFERRED follows. */
@Revision("1")
public record CallTransferredEvent(String callId, String toNumber) {
}
