package ai.bvrai.api.call;

/** Who spoke a turn of a call. */
public enum Speaker { USER, AGENT }
