package ai.bvrai.api.audit;

/** What an audit timeline can be asked about. */
public enum AuditEntityType {
    AGENT,
    CALL,
    USER
}
