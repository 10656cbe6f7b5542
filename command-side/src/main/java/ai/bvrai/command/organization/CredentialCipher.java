package ai.bvrai.command.organization;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.organization.SealedSecret;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * AES-256-GCM with a random 96-bit nonce per value, keyed by {@code bvrai.credentials.master-key} (base64 of 32
 * bytes). Each sealed value names its key by id (a fingerprint of the key), so a later key ring can open old values
 * while sealing new ones with the newest key. Without a key nothing is sealed (503) — never a plaintext fallback.
 * A key that is set but malformed stops the start-up.
 */
@Component
class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    @Autowired
    CredentialCipher(@Value("${bvrai.credentials.master-key:}") String masterKey) {
        this(decode(masterKey));
    }

    CredentialCipher(byte[] key) {
        if (key == null) {
            currentKeyId = null;
            keys = Map.of();
        } else {
            currentKeyId = keyId(key);
            keys = Map.of(currentKeyId, new SecretKeySpec(key, "AES"));
        }
    }

    boolean available() {
        return currentKeyId != null;
    }

    /** @throws DomainException CREDENTIALS_ENCRYPTION_UNAVAILABLE when no master key is configured */
    void requireAvailable() {
        if (!available()) {
            throw new DomainException(ErrorCode.CREDENTIALS_ENCRYPTION_UNAVAILABLE,
                    "Provider credentials cannot be stored: no encryption key is configured. An operator must set "
                            + "BVRAI_CREDENTIALS_MASTER_KEY (base64 of 32 random bytes).");
        }
    }

    /** @param context bound to the ciphertext as additional authenticated data; must be given again to open it */
    SealedSecret seal(byte[] plaintext, String context) {
        requireAvailable();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return new SealedSecret(currentKeyId, Base64.getEncoder().encodeToString(nonce),
                    Base64.getEncoder().encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** @throws IllegalStateException when the key is unknown or the value was altered or belongs to another context */
    byte[] open(SealedSecret sealed, String context) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("Stored credentials were sealed with key " + sealed.keyId()
                    + ", which is not configured.");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.nonce())));
            cipher.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return cipher.doFinal(Base64.getDecoder().decode(sealed.ciphertext()));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("Stored credentials failed their integrity check.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static byte[] decode(String masterKey) {
        if (masterKey == null || masterKey.isBlank()) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(masterKey.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("bvrai.credentials.master-key (BVRAI_CREDENTIALS_MASTER_KEY) is not base64.");
        }
        if (key.length != 32) {
            throw new IllegalStateException("bvrai.credentials.master-key (BVRAI_CREDENTIALS_MASTER_KEY) must be 32 bytes "
                    + "(AES-256), base64-encoded; it decodes to " + key.length + " bytes.");
        }
        return key;
    }

    /** A public fingerprint of the key: the first 8 bytes of SHA-256 over a label and the key. */
    private static String keyId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("bvrai-credentials-key-id".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            byte[] hash = digest.digest(key);
            return "k-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
