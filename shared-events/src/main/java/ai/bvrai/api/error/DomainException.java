package ai.bvrai.api.error;

import java.util.List;

/** A business rule said no. Carries an {@link ErrorCode} the REST edge maps to Problem Details. */
public class DomainException extends RuntimeException {

    private final ErrorDetails details;

    public DomainException(ErrorCode code, String message) {
        this(new ErrorDetails(code, message));
    }

    public DomainException(ErrorCode code, String message, List<ErrorDetails.FieldError> fields) {
        this(new ErrorDetails(code, message, fields));
    }

    public DomainException(ErrorDetails details) {
        super(details.message());
        this.details = details;
    }

    public ErrorDetails details() {
        return details;
    }

    public ErrorCode code() {
        return details.code();
    }
}
