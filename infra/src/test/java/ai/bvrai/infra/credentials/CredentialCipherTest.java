package ai.bvrai.infra.credentials;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.organization.SealedSecret;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final byte[] SECRET = "sk-live-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final CredentialCipher cipher = new CredentialCipher(KEY);

    @Test
    void givenASealedValue_whenOpenedInTheSameContext_thenThePlaintextComesBack() {
        SealedSecret sealed = cipher.seal(SECRET, "acme|openai|ref-1");

        assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
        assertThat(new String(Base64.getDecoder().decode(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("sk-live");
        assertThat(cipher.open(sealed, "acme|openai|ref-1")).isEqualTo(SECRET);
        assertThat(sealed.toString()).doesNotContain(sealed.ciphertext());
    }

    @Test
    void givenATamperedCiphertext_whenOpened_thenItFails() {
        SealedSecret sealed = cipher.seal(SECRET, "acme|openai|ref-1");
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[0] ^= 1;
        SealedSecret tampered = new SealedSecret(sealed.keyId(), sealed.nonce(), Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> cipher.open(tampered, "acme|openai|ref-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenAValueOfAnotherOrganization_whenOpenedAsOurs_thenItFails() {
        SealedSecret sealed = cipher.seal(SECRET, "globex|openai|ref-1");

        assertThatThrownBy(() -> cipher.open(sealed, "acme|openai|ref-1")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void givenManySeals_thenEveryNonceIsNew() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            nonces.add(cipher.seal(SECRET, "c").nonce());
        }
        assertThat(nonces).hasSize(1000);
    }

    @Test
    void givenAnotherKey_whenOpening_thenTheKeyIdNamesTheMissingKey() {
        SealedSecret sealed = new CredentialCipher(Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B'))
                .seal(SECRET, "c");

        assertThat(sealed.keyId()).isNotEqualTo(cipher.seal(SECRET, "c").keyId());
        assertThatThrownBy(() -> cipher.open(sealed, "c")).hasMessageContaining("not configured");
    }

    @Test
    void givenNoKey_whenSealing_thenItRefusesWithServiceUnavailable() {
        CredentialCipher none = new CredentialCipher("");

        assertThatThrownBy(() -> none.seal(SECRET, "c")).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CREDENTIALS_ENCRYPTION_UNAVAILABLE));
    }

    @Test
    void givenAKeyOfTheWrongLength_thenStartUpFails() {
        assertThatThrownBy(() -> new CredentialCipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void givenSecrets_whenHinted_thenOnlyAPrefixAndTheLastFourShow() {
        assertThat(ProviderCredentials.hint("sk-proj-0123456789abcd")).isEqualTo("sk-…abcd");
        assertThat(ProviderCredentials.hint("0123456789abcdef")).isEqualTo("…cdef");
        assertThat(ProviderCredentials.hint("short")).isEqualTo("…");
    }

    @Test
    void givenARotatedKey_whenAnOldValueIsOpened_thenThePreviousKeyOpensItAndNewValuesUseTheNewKey() {
        String newKey = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        SealedSecret old = cipher.seal(SECRET, "acme|openai|ref-1");
        CredentialCipher rotated = new CredentialCipher(newKey, KEY);

        assertThat(rotated.open(old, "acme|openai|ref-1")).isEqualTo(SECRET);
        SealedSecret fresh = rotated.seal(SECRET, "acme|openai|ref-2");
        assertThat(fresh.keyId()).isNotEqualTo(old.keyId());
        assertThatThrownBy(() -> cipher.open(fresh, "acme|openai|ref-2"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }
}
