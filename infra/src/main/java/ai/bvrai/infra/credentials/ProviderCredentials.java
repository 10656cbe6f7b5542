package ai.bvrai.infra.credentials;

import ai.bvrai.api.organization.Provider;
import ai.bvrai.api.organization.SealedSecret;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which credentials a call of an organization uses for a provider: the organization's own, else the platform
 * default from configuration ({@code bvrai.providers.<provider>.<field>}, e.g. {@code BVRAI_PROVIDERS_OPENAI_API_KEY}),
 * never another organization's. Decrypted secrets stay in this process: there is deliberately no query for them.
 */
public class ProviderCredentials implements CredentialsResolver {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {
    };

    private final ProviderCredentialStore store;
    private final CredentialCipher cipher;
    private final Environment environment;

    public ProviderCredentials(ProviderCredentialStore store, CredentialCipher cipher, Environment environment) {
        this.store = store;
        this.cipher = cipher;
        this.environment = environment;
    }

    @Override
    public Optional<ProviderSecret> resolve(String organizationId, Provider provider) {
        Optional<ProviderCredentialStore.Stored> own = organizationId == null ? Optional.empty()
                : store.find(organizationId, provider);
        if (own.isPresent()) {
            ProviderCredentialStore.Stored stored = own.get();
            byte[] plaintext = cipher.open(stored.sealed(),
                    ProviderCredentialStore.context(organizationId, provider, stored.reference()));
            try {
                return Optional.of(new ProviderSecret(provider, JSON.readValue(plaintext, FIELDS),
                        ProviderSecret.Source.ORGANIZATION));
            } catch (IOException e) {
                throw new IllegalStateException("Stored credentials of " + provider.wireName() + " are unreadable.");
            } finally {
                java.util.Arrays.fill(plaintext, (byte) 0);
            }
        }
        return platformDefault(provider);
    }

    /** The platform-wide default, when configuration sets every required field of the provider. */
    public Optional<ProviderSecret> platformDefault(Provider provider) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : provider.fields()) {
            String value = environment.getProperty("bvrai.providers." + provider.wireName() + "." + kebab(field));
            if (value != null && !value.isBlank()) {
                fields.put(field, value.strip());
            }
        }
        return fields.keySet().containsAll(provider.requiredFields())
                ? Optional.of(new ProviderSecret(provider, fields, ProviderSecret.Source.PLATFORM_DEFAULT))
                : Optional.empty();
    }

    /** Seals validated fields for the given row; the plaintext exists only in this call. */
    public SealedSecret seal(String organizationId, Provider provider, String reference, Map<String, String> fields) {
        cipher.requireAvailable();
        byte[] plaintext;
        try {
            plaintext = JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Credentials could not be encoded.");
        }
        try {
            return cipher.seal(plaintext, ProviderCredentialStore.context(organizationId, provider, reference));
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * A masked form a person recognises: a short prefix such as {@code sk-} when there is one, an ellipsis and the
     * last four characters; values shorter than 12 characters show nothing of themselves.
     */
    public static String hint(String value) {
        if (value.length() < 12) {
            return "…";
        }
        int dash = value.indexOf('-');
        String prefix = dash > 0 && dash <= 3 ? value.substring(0, dash + 1) : "";
        return prefix + "…" + value.substring(value.length() - 4);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
