package ai.bvrai.api.call;

/** How a call reached the agent: the browser (web call), a phone call in, or a phone call out. */
public enum CallDirection { WEB, INBOUND, OUTBOUND }
