package ai.bvrai.api.call;

import java.time.Instant;

/** A provider failure during a call and what served instead, as the call detail shows it. */
public record ProviderErrorView(Instant at, PipelineStage stage, String provider, String errorClass, String message,
                                long latencyMs, String fallback) {
}
