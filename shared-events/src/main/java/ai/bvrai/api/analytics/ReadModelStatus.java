package ai.bvrai.api.analytics;

/**
 * The state of the read model an answer was computed from.
 *
 * @param position the last event the read model applied (global index), null before the first
 * @param head     the newest event in the event store
 * @param progress position / head in [0, 1]
 */
public record ReadModelStatus(String readModel, ReadModelState state, Long position, Long head, double progress) {
}
