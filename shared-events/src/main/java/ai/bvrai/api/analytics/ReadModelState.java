package ai.bvrai.api.analytics;

/** How complete the read model behind an answer is. */
public enum ReadModelState {
    /** at the head of the event store (within a few events) */
    LIVE,
    /** behind the head, e.g. a new read model backfilling from history */
    CATCHING_UP,
    /** being rebuilt by a replay: the answer covers only part of history */
    REBUILDING
}
