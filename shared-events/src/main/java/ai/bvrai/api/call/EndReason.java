package ai.bvrai.api.call;

/** Why a call ended. */
public enum EndReason {
    /** The caller hung up (closed the browser session or hung up the phone; on an outbound call: the callee). */
    CALLER_HUNG_UP,
    /** The agent ended the call (goodbye, end-call phrase, end_call tool). */
    AGENT_ENDED,
    /** Someone ended it through the API or dashboard. */
    ENDED_VIA_API,
    /** The agent's maximum call duration was reached. */
    MAX_DURATION,
    /** The caller said nothing for the agent's silence timeout. */
    SILENCE_TIMEOUT,
    /** The agent handed the call to a person (transfer_call tool). */
    TRANSFERRED,
    /** An outbound call's callee was busy. */
    BUSY,
    /** An outbound call's callee did not pick up. */
    NO_ANSWER,
    /** The telephony provider could not place an outbound call (bad number, refused account…). */
    FAILED,
    /** The call could not go on (engine failure, transport error, never connected). */
    ERROR
}
