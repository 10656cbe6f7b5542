package ai.bvrai.api.call;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A provider failed during the call and the voice runtime carried on without it.
 *
 * @param provider   e.g. {@code deepgram}, {@code openai}
 * @param errorClass the kind of failure ({@code AUTHENTICATION}, {@code RATE_LIMITED}, {@code SERVER_ERROR},
 *                   {@code CONNECTION}, {@code TIMEOUT}, {@code PROTOCOL}, {@code REJECTED}, {@code CIRCUIT_OPEN},
 *                   {@code NOT_CONFIGURED})
 * @param message    what the provider said, never a credential
 * @param latencyMs  from the request to the failure
 * @param fallback   what served instead: an offline engine's provider name, or {@code fallback-message}
 */
public record RecordProviderErrorCommand(@TargetAggregateIdentifier @NotBlank String callId,
                                         @NotNull PipelineStage stage, @NotBlank String provider,
                                         @NotBlank String errorClass, String message, @PositiveOrZero long latencyMs,
                                         @NotBlank String fallback) {
}
