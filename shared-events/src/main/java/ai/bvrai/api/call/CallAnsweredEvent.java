package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** The callee picked up; {@code answeredBy} is the answering-machine detection's verdict (null: not detected). */
@Revision("1")
public record CallAnsweredEvent(String callId, String answeredBy) {
}
