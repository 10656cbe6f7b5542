package ai.bvrai.infra.credentials;

import ai.bvrai.api.organization.Provider;
import ai.bvrai.api.organization.SealedSecret;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code provider_credentials} table: sealed secrets by organization and provider. The command side owns it
 * (its migration, its writes: the organization's command handlers write a row in the same transaction as the event
 * that records the change); the voice runtime reads it through {@link ProviderCredentials}, also when it runs as its
 * own service on the same database — secrets never travel on the message bus.
 */
public class ProviderCredentialStore {

    private final JdbcClient jdbc;

    public ProviderCredentialStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Stored(Provider provider, String reference, String hint, Instant updatedAt, SealedSecret sealed) {
    }

    /** What a sealed value is bound to (its additional authenticated data): it opens only in its own row. */
    public static String context(String organizationId, Provider provider, String reference) {
        return "bvrai/provider-credentials/v1|" + organizationId + "|" + provider.wireName() + "|" + reference;
    }

    public void store(String organizationId, Provider provider, String reference, String hint, SealedSecret sealed) {
        jdbc.sql("""
                        INSERT INTO provider_credentials
                            (organization_id, provider, reference, hint, key_id, nonce, ciphertext, updated_at)
                        VALUES (:organization, :provider, :reference, :hint, :keyId, :nonce, :ciphertext, now())
                        ON CONFLICT (organization_id, provider) DO UPDATE SET
                            reference = excluded.reference, hint = excluded.hint, key_id = excluded.key_id,
                            nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at""")
                .param("organization", organizationId)
                .param("provider", provider.wireName())
                .param("reference", reference)
                .param("hint", hint)
                .param("keyId", sealed.keyId())
                .param("nonce", Base64.getDecoder().decode(sealed.nonce()))
                .param("ciphertext", Base64.getDecoder().decode(sealed.ciphertext()))
                .update();
    }

    public void delete(String organizationId, Provider provider) {
        jdbc.sql("DELETE FROM provider_credentials WHERE organization_id = :organization AND provider = :provider")
                .param("organization", organizationId)
                .param("provider", provider.wireName())
                .update();
    }

    public Optional<Stored> find(String organizationId, Provider provider) {
        return jdbc.sql("""
                        SELECT provider, reference, hint, updated_at, key_id, nonce, ciphertext FROM provider_credentials
                        WHERE organization_id = :organization AND provider = :provider""")
                .param("organization", organizationId)
                .param("provider", provider.wireName())
                .query(ProviderCredentialStore::row).optional();
    }

    public List<Stored> list(String organizationId) {
        return jdbc.sql("""
                        SELECT provider, reference, hint, updated_at, key_id, nonce, ciphertext FROM provider_credentials
                        WHERE organization_id = :organization ORDER BY provider""")
                .param("organization", organizationId)
                .query(ProviderCredentialStore::row).list();
    }

    private static Stored row(ResultSet rs, int rowNum) throws SQLException {
        return new Stored(Provider.named(rs.getString("provider")).orElseThrow(), rs.getString("reference"),
                rs.getString("hint"), rs.getTimestamp("updated_at").toInstant(),
                new SealedSecret(rs.getString("key_id"), Base64.getEncoder().encodeToString(rs.getBytes("nonce")),
                        Base64.getEncoder().encodeToString(rs.getBytes("ciphertext"))));
    }
}
