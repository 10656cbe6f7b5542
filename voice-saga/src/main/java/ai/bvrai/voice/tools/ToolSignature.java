package ai.bvrai.voice.tools;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How an HTTP tool request is signed, so the organization's endpoint can tell it comes from its own BVRAI account
 * and is fresh: header {@value #TIMESTAMP_HEADER} holds the Unix time in seconds, header {@value #SIGNATURE_HEADER}
 * {@code v1=<hex HMAC-SHA256(signingSecret, timestamp + "." + body)>}. A receiver recomputes the HMAC over the raw
 * body, compares in constant time and rejects timestamps more than a few minutes old.
 */
public final class ToolSignature {

    public static final String TIMESTAMP_HEADER = "X-Bvrai-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Bvrai-Signature";

    private ToolSignature() {
    }

    /** The value of {@value #SIGNATURE_HEADER}. */
    public static String sign(String signingSecret, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is the right one for the body and timestamp (constant-time comparison). */
    public static boolean verify(String signingSecret, long timestampSeconds, byte[] body, String signature) {
        byte[] expected = sign(signingSecret, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
