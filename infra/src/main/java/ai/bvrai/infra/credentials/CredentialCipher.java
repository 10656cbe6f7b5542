package ai.bvrai.infra.credentials;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.api.error.ErrorCode;
import ai.bvrai.api.organization.SealedSecret;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AES-256-GCM with a random 96-bit nonce per value, keyed by {@code bvrai.credentials.master-key} (base64 of 32
 * bytes). Each sealed value names its key by id (a fingerprint of the key). Rotation: put the old key into
 * {@code bvrai.credentials.previous-keys} (comma-separated) and a new one into the master key; new values are sealed
 * with the master key, old ones still open, and re-setting a provider's credentials re-seals them. Without a key
 * nothing is sealed (503) — never a plaintext fallback. A key that is set but malformed stops the start-up.
 */
public class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    /** @param previousKeys comma-separated base64 keys that only open values sealed before a rotation */
    public CredentialCipher(String masterKey, String previousKeys) {
        byte[] key = decode(masterKey, "bvrai.credentials.master-key (BVRAI_CREDENTIALS_MASTER_KEY)");
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        if (key != null) {
            ring.put(keyId(key), new SecretKeySpec(key, "AES"));
        }
        for (String previous : previousKeys == null ? List.<String>of() : List.of(previousKeys.split(","))) {
            byte[] old = decode(previous, "bvrai.credentials.previous-keys (BVRAI_CREDENTIALS_PREVIOUS_KEYS)");
            if (old != null) {
                ring.putIfAbsent(keyId(old), new SecretKeySpec(old, "AES"));
            }
        }
        currentKeyId = key == null ? null : keyId(key);
        keys = Map.copyOf(ring);
    }

    public CredentialCipher(String masterKey) {
        this(masterKey, null);
    }

    /** Whether new values can be sealed (a master key is configured). */
    public boolean available() {
        return currentKeyId != null;
    }

    /** @throws DomainException CREDENTIALS_ENCRYPTION_UNAVAILABLE when no master key is configured */
    public void requireAvailable() {
        if (!available()) {
            throw new DomainException(ErrorCode.CREDENTIALS_ENCRYPTION_UNAVAILABLE,
                    "Provider credentials cannot be stored: no encryption key is configured. An operator must set "
                            + "BVRAI_CREDENTIALS_MASTER_KEY (base64 of 32 random bytes).");
        }
    }

    /** @param context bound to the ciphertext as additional authenticated data; must be given again to open it */
    public SealedSecret seal(byte[] plaintext, String context) {
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
    public byte[] open(SealedSecret sealed, String context) {
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

    private static byte[] decode(String encoded, String setting) {
        if (encoded == null || encoded.isBlank()) {
            return null;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(setting + " is not base64.");
        }
        if (key.length != 32) {
            throw new IllegalStateException(setting + " must be 32 bytes (AES-256), base64-encoded; a key decodes to "
                    + key.length + " bytes.");
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
