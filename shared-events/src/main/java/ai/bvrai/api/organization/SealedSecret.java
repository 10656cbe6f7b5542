package ai.bvrai.api.organization;

/**
 * Secret fields encrypted with AES-256-GCM, never the plaintext: safe to carry in a command across a bus.
 *
 * @param keyId      which master key sealed it (so keys can rotate)
 * @param nonce      the 96-bit nonce, base64
 * @param ciphertext ciphertext with the GCM tag, base64
 */
public record SealedSecret(String keyId, String nonce, String ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
