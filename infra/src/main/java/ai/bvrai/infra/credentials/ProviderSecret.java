package ai.bvrai.infra.credentials;

import ai.bvrai.api.organization.Provider;

import java.util.Map;
import java.util.Optional;

/**
 * Decrypted credentials for one provider, for use in-process only: never log, serialise or send it.
 * {@link #toString()} names the fields but not their values.
 *
 * @param fields secret fields by their API name ({@code apiKey}, {@code baseUrl}, {@code accountSid}, …)
 * @param source whose credentials these are
 */
public record ProviderSecret(Provider provider, Map<String, String> fields, Source source) {

    public enum Source { ORGANIZATION, PLATFORM_DEFAULT }

    public ProviderSecret {
        fields = Map.copyOf(fields);
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The API key, for the providers that take one. */
    public Optional<String> apiKey() {
        return field("apiKey");
    }

    @Override
    public String toString() {
        return "ProviderSecret[provider=" + provider.wireName() + ", source=" + source
                + ", fields=" + fields.keySet().stream().sorted().toList() + " (values masked)]";
    }
}
