package ai.bvrai.api.call;

/** Where a call is in its life. */
public enum CallStatus { REQUESTED, RINGING, IN_PROGRESS, ENDED }
