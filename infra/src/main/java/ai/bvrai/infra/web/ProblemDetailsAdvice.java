package ai.bvrai.infra.web;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every error leaves the API as RFC 9457 Problem Details: {@code type} names the error code, {@code code}
 * repeats it, {@code errors} lists bad fields. Nothing a client sends yields a 500.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    public static ProblemDetail problem(ErrorDetails details) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(details.code()), details.message());
        problem.setType(URI.create("urn:bvrai:error:" + details.code().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(titleOf(details.code()));
        problem.setProperty("code", details.code().name());
        if (!details.fields().isEmpty()) {
            problem.setProperty("errors", details.fields());
        }
        return problem;
    }

    @ExceptionHandler(DomainException.class)
    ProblemDetail onDomainException(DomainException e) {
        return problem(e.details());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ProblemDetail onCommandExecution(CommandExecutionException e) {
        Optional<ErrorDetails> details = e.getDetails();
        if (details.isPresent()) {
            return problem(details.get());
        }
        if (e.getCause() instanceof DomainException domain) {
            return problem(domain.details());
        }
        log.error("Command failed", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The command failed unexpectedly.");
    }

    @ExceptionHandler(JSR303ViolationException.class)
    ProblemDetail onCommandValidation(JSR303ViolationException e) {
        return problem(validationFailed(e.getViolations().stream()
                .map(v -> new ErrorDetails.FieldError(fieldOf(v), v.getMessage())).toList()));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail onConstraintViolation(ConstraintViolationException e) {
        return problem(validationFailed(e.getConstraintViolations().stream()
                .map(v -> new ErrorDetails.FieldError(fieldOf(v), v.getMessage())).toList()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail onAggregateNotFound(AggregateNotFoundException e) {
        return problem(new ErrorDetails(ErrorCode.AGENT_NOT_FOUND, "No such resource."));
    }

    @ExceptionHandler({ConcurrencyException.class, ConflictingModificationException.class})
    ProblemDetail onConcurrentModification(RuntimeException e) {
        return problem(new ErrorDetails(ErrorCode.VERSION_CONFLICT,
                "The resource was changed by someone else meanwhile; reload it and try again."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail onTypeMismatch(MethodArgumentTypeMismatchException e) {
        return problem(validationFailed(List.of(new ErrorDetails.FieldError(e.getName(),
                "has an invalid value '" + e.getValue() + "'"))));
    }

    /** Only authenticated callers reach a controller, so a denied method call is a missing role. */
    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail onAccessDenied(AccessDeniedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "Your role does not allow this action.");
        problem.setTitle("Forbidden");
        problem.setProperty("code", "FORBIDDEN");
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail onUnexpected(Exception e) {
        log.error("Unexpected error", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the request was not applied.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<ErrorDetails.FieldError> fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ErrorDetails.FieldError(f.getField(), f.getDefaultMessage()))
                .sorted(Comparator.comparing(ErrorDetails.FieldError::field))
                .toList();
        return ResponseEntity.badRequest().body(problem(validationFailed(fields)));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<ErrorDetails.FieldError> fields = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new ErrorDetails.FieldError(
                        r.getMethodParameter().getParameterName(), err.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(problem(validationFailed(fields)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return ResponseEntity.badRequest().body(problem(validationFailed(List.of(
                    new ErrorDetails.FieldError(field, "has a value of the wrong type or shape")))));
        }
        return ResponseEntity.badRequest().body(problem(new ErrorDetails(ErrorCode.VALIDATION_FAILED,
                "The request body is missing or is not valid JSON.")));
    }

    private static ErrorDetails validationFailed(List<ErrorDetails.FieldError> fields) {
        String names = fields.stream().map(ErrorDetails.FieldError::field).distinct().collect(Collectors.joining(", "));
        return new ErrorDetails(ErrorCode.VALIDATION_FAILED, "Invalid input: " + names + ".", fields);
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        return path.startsWith("configuration.") ? path.substring("configuration.".length())
                : path.startsWith("patch.") ? path.substring("patch.".length()) : path;
    }

    private static HttpStatus statusOf(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static String titleOf(ErrorCode code) {
        return switch (code.kind()) {
            case INVALID -> "Invalid request";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case FORBIDDEN -> "Forbidden";
            case UNAVAILABLE -> "Service unavailable";
        };
    }
}
