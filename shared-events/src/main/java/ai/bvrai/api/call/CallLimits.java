package ai.bvrai.api.call;

/**
 * The limits a call runs under, pinned from the agent version when the call is requested.
 *
 * @param maxDurationSeconds    the call is ended when it has lasted this long since it connected
 * @param silenceTimeoutSeconds the call is ended after this much time without caller speech
 * @param connectTimeoutSeconds a requested call that never connects is ended (reason ERROR) after this long
 */
public record CallLimits(int maxDurationSeconds, int silenceTimeoutSeconds, int connectTimeoutSeconds) {
}
