package ai.bvrai.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short-lived tokens that admit one caller's audio connection to one call: the browser cannot send an
 * Authorization header on a WebSocket, so {@code POST /api/v1/calls} hands out a token bound to the call, its
 * organization and agent version, which the voice runtime checks on the upgrade. HMAC-SHA256 with a secret
 * every service shares ({@code bvrai.security.call-session-secret}); without one, a random per-process secret
 * (fine for the one-process platform, not for split services).
 */
public class CallSessionTokens {

    private static final Logger log = LoggerFactory.getLogger(CallSessionTokens.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final byte[] secret;
    private final Clock clock;

    public CallSessionTokens(String base64Secret, Clock clock) {
        this.clock = clock;
        if (base64Secret == null || base64Secret.isBlank()) {
            log.warn("No bvrai.security.call-session-secret set: call session tokens use a random per-process secret");
            this.secret = new byte[32];
            new SecureRandom().nextBytes(this.secret);
        } else {
            this.secret = Base64.getDecoder().decode(base64Secret);
            if (secret.length < 32) {
                throw new IllegalArgumentException("bvrai.security.call-session-secret must be at least 32 bytes (base64)");
            }
        }
    }

    /** What a token admits. */
    public record CallSession(String callId, String organizationId, String agentId, int agentVersion, Instant expiresAt) {
    }

    public String issue(String callId, String organizationId, String agentId, int agentVersion, Duration validFor) {
        long expires = clock.instant().plus(validFor).getEpochSecond();
        String payload = String.join(".", part(callId), part(organizationId), part(agentId),
                Integer.toString(agentVersion), Long.toString(expires));
        String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + B64.encodeToString(sign(encoded));
    }

    /** The session the token admits, or empty when it is malformed, forged or expired. */
    public Optional<CallSession> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 1 || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            String encoded = token.substring(0, dot);
            byte[] signature = B64D.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, sign(encoded))) {
                return Optional.empty();
            }
            String[] fields = new String(B64D.decode(encoded), StandardCharsets.UTF_8).split("\\.");
            if (fields.length != 5) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(fields[4]));
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new CallSession(fields[0], fields[1], fields[2], Integer.parseInt(fields[3]), expiresAt));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String encoded) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(encoded.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String value) {
        if (!PART.matcher(value).matches()) {
            throw new IllegalArgumentException("Not a token part: " + value);
        }
        return value;
    }
}
