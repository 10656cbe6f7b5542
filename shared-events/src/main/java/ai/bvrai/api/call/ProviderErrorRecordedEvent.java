package ai.bvrai.api.call;

import org.axonframework.serialization.Revision;

/** A provider failed during the call; see {@link RecordProviderErrorCommand} for the fields. */
@Revision("1")
public record ProviderErrorRecordedEvent(String callId, PipelineStage stage, String provider, String errorClass,
                                         String message, long latencyMs, String fallback) {
}
