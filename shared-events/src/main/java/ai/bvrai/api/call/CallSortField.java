package ai.bvrai.api.call;

/** What a list of calls can be sorted by. */
public enum CallSortField { REQUESTED_AT, DURATION_MS }
