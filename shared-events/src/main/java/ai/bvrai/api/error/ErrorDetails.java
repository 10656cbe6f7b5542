package ai.bvrai.api.error;

import java.util.List;

/**
 * What a failed command or query tells its caller, serializable across any bus.
 *
 * @param code    the error code
 * @param message a sentence a person can act on
 * @param fields  the offending fields, when the error is about input
 */
public record ErrorDetails(ErrorCode code, String message, List<FieldError> fields) {

    public ErrorDetails {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public ErrorDetails(ErrorCode code, String message) {
        this(code, message, List.of());
    }

    public record FieldError(String field, String message) {
    }
}
