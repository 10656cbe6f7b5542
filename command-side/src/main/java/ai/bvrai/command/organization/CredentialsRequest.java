package ai.bvrai.command.organization;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.error.ErrorDetails;
import ai.bvrai.api.organization.Provider;
import com.fasterxml.jackson.annotation.JsonAnySetter;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PUT body: the provider's named secret fields ({@code apiKey}, {@code baseUrl}; Twilio {@code accountSid},
 * {@code authToken}). Its {@link #toString()} shows field names only, so a debug log of the request shows no secret;
 * error messages name fields, never values.
 */
final class CredentialsRequest {

    private static final int MAX_LENGTH = 4096;

    private final Map<String, Object> fields = new LinkedHashMap<>();

    @JsonAnySetter
    void set(String name, Object value) {
        fields.put(name, value);
    }

    /** The fields the provider takes, stripped; a 400 naming every problem otherwise. */
    Map<String, String> validFor(Provider provider) {
        List<ErrorDetails.FieldError> errors = new ArrayList<>();
        Map<String, String> valid = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (!provider.fields().contains(name)) {
                errors.add(new ErrorDetails.FieldError(name, "is not a field of " + provider.wireName()
                        + " credentials (expected " + String.join(", ", provider.fields()) + ")"));
            } else if (value != null && !(value instanceof String)) {
                errors.add(new ErrorDetails.FieldError(name, "must be a string"));
            } else if (value != null && !((String) value).isBlank()) {
                String text = ((String) value).strip();
                if (text.length() > MAX_LENGTH) {
                    errors.add(new ErrorDetails.FieldError(name, "must be at most " + MAX_LENGTH + " characters"));
                } else if (name.equals("baseUrl") && "deepgram".equals(provider.wireName()) && !isUrl(text, "ws", "wss")) {
                    // Deepgram streams over a WebSocket: its base URL is wss://api.deepgram.com or a ws(s) server
                    errors.add(new ErrorDetails.FieldError(name, "must be a ws or wss URL"));
                } else if (name.equals("baseUrl") && !"deepgram".equals(provider.wireName())
                        && !isUrl(text, "http", "https")) {
                    errors.add(new ErrorDetails.FieldError(name, "must be an http or https URL"));
                } else {
                    valid.put(name, text);
                }
            }
        });
        for (String required : provider.requiredFields()) {
            if (!valid.containsKey(required) && errors.stream().noneMatch(e -> e.field().equals(required))) {
                errors.add(new ErrorDetails.FieldError(required, "must not be blank"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "Invalid input: "
                    + String.join(", ", errors.stream().map(ErrorDetails.FieldError::field).distinct().toList()) + ".",
                    errors);
        }
        return valid;
    }

    private static boolean isUrl(String text, String scheme, String secureScheme) {
        try {
            URI uri = URI.create(text);
            return (scheme.equals(uri.getScheme()) || secureScheme.equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CredentialsRequest[fields=" + fields.keySet() + " (values masked)]";
    }
}
