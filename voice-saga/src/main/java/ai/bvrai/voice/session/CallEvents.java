package ai.bvrai.voice.session;

import ai.bvrai.api.call.PipelineStage;

/**
 * What the engines and tools of a call report to its session, which records it on the call (in order, after the
 * connect) and acts on it. Thread-safe: engines and tools report from their own threads.
 */
public interface CallEvents {

    /** A provider failed and {@code fallback} served instead (see {@code RecordProviderErrorCommand}). */
    void providerFailed(PipelineStage stage, String provider, String errorClass, String message, long latencyMs,
                        String fallback);

    /** The language model called a tool. */
    void toolInvoked(String toolName, String arguments, String result, String error, long durationMs);

    /** The {@code end_call} tool: end the call once the current reply has been played. */
    void endRequested();

    /** The {@code transfer_call} tool: hand the call to {@code number} once the current reply has been played. */
    void transferRequested(String number);
}
