package ai.bvrai.api.organization;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An external service an organization can bring its own credentials for, with the secret fields it takes.
 * The API and the events name a provider by {@link #wireName()} (lower case).
 */
public enum Provider {
    OPENAI("apiKey", List.of("apiKey"), List.of("baseUrl")),
    ANTHROPIC("apiKey", List.of("apiKey"), List.of("baseUrl")),
    /** Self-hosted: where it runs is what matters; a key only when a proxy in front of it asks for one. */
    OLLAMA("baseUrl", List.of("baseUrl"), List.of("apiKey")),
    DEEPGRAM("apiKey", List.of("apiKey"), List.of("baseUrl")),
    ELEVENLABS("apiKey", List.of("apiKey"), List.of("baseUrl")),
    TWILIO("authToken", List.of("accountSid", "authToken"), List.of()),
    /** Not a service: the secret that signs the requests of the organization's HTTP tools (HMAC-SHA256). */
    WEBHOOKS("signingSecret", List.of("signingSecret"), List.of());

    private final String hintField;
    private final List<String> requiredFields;
    private final List<String> optionalFields;

    Provider(String hintField, List<String> requiredFields, List<String> optionalFields) {
        this.hintField = hintField;
        this.requiredFields = requiredFields;
        this.optionalFields = optionalFields;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The field whose masked value identifies the stored credentials to a person. */
    public String hintField() {
        return hintField;
    }

    public List<String> requiredFields() {
        return requiredFields;
    }

    public List<String> optionalFields() {
        return optionalFields;
    }

    public List<String> fields() {
        return Stream.concat(requiredFields.stream(), optionalFields.stream()).toList();
    }

    public static Optional<Provider> named(String wireName) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(wireName)).findFirst();
    }
}
