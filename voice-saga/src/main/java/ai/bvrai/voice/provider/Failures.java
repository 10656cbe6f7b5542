package ai.bvrai.voice.provider;

import ai.bvrai.voice.engine.ProviderException;

/** How a provider failure is named on the call record. */
final class Failures {

    private Failures() {
    }

    static String errorClass(Throwable failure) {
        if (failure instanceof CircuitOpenException) {
            return ProviderResilience.CIRCUIT_OPEN;
        }
        return failure instanceof ProviderException p ? p.kind().name() : failure.getClass().getSimpleName();
    }

    /** The failure's message, bounded; provider adapters keep credentials out of their messages. */
    static String message(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "…" : message;
    }
}
