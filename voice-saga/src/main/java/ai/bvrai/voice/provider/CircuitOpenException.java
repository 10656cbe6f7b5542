package ai.bvrai.voice.provider;

import ai.bvrai.voice.engine.ProviderException;

/** A request that was not sent because the provider's circuit breaker for the organization is open. */
final class CircuitOpenException extends ProviderException {

    CircuitOpenException(String provider) {
        super(provider, Kind.SERVER_ERROR, null, "the provider failed repeatedly; its circuit breaker is open");
    }
}
