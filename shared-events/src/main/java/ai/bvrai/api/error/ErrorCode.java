package ai.bvrai.api.error;

/**
 * Every business error the platform reports, with the kind of failure it is.
 * The REST edge maps the kind to an HTTP status; the code travels as-is to clients.
 */
public enum ErrorCode {
    VALIDATION_FAILED(Kind.INVALID),
    INVALID_TEMPLATE(Kind.INVALID),
    AGENT_NOT_FOUND(Kind.NOT_FOUND),
    AGENT_VERSION_NOT_FOUND(Kind.NOT_FOUND),
    AGENT_NAME_TAKEN(Kind.CONFLICT),
    AGENT_ARCHIVED(Kind.CONFLICT),
    VERSION_CONFLICT(Kind.CONFLICT),
    ORGANIZATION_EXISTS(Kind.CONFLICT),
    EMAIL_TAKEN(Kind.CONFLICT),
    NO_ORGANIZATION(Kind.FORBIDDEN),
    // calls
    AGENT_NOT_PUBLISHED(Kind.CONFLICT),
    CALL_VARIABLES_MISSING(Kind.INVALID),
    CALL_NOT_FOUND(Kind.NOT_FOUND),
    CALL_ALREADY_CONNECTED(Kind.CONFLICT),
    CALL_NOT_IN_PROGRESS(Kind.CONFLICT),
    CALL_TURN_OUT_OF_ORDER(Kind.CONFLICT),
    CALL_RECORDING_EXISTS(Kind.CONFLICT),
    RECORDING_NOT_FOUND(Kind.NOT_FOUND),
    // organization settings
    ORGANIZATION_MISMATCH(Kind.FORBIDDEN),
    PROVIDER_CREDENTIALS_NOT_FOUND(Kind.NOT_FOUND),
    CREDENTIALS_ENCRYPTION_UNAVAILABLE(Kind.UNAVAILABLE),
    IDENTITY_PROVIDER_UNAVAILABLE(Kind.UNAVAILABLE),
    // read models and audit
    PROJECTION_NOT_FOUND(Kind.NOT_FOUND),
    PROJECTION_NOT_REPLAYABLE(Kind.CONFLICT),
    USER_NOT_FOUND(Kind.NOT_FOUND);

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN, UNAVAILABLE }
}
