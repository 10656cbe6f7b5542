package ai.bvrai.query.audit;

import ai.bvrai.api.error.DomainException;
import ai.bvrai.security.KeycloakDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Display names of users from Keycloak, cached for ten minutes (also "no such user"). When Keycloak cannot answer,
 * the name is unknown (null) for a minute: the audit timeline is still served, with user ids.
 */
@Component
class UserNames {

    private static final Logger log = LoggerFactory.getLogger(UserNames.class);
    private static final long TTL_NANOS = Duration.ofMinutes(10).toNanos();
    private static final long FAILURE_TTL_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int MAX_ENTRIES = 10_000;

    private final KeycloakDirectory directory;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    UserNames(KeycloakDirectory directory) {
        this.directory = directory;
    }

    private record Cached(String name, long expiresAt) {
    }

    String of(String userId) {
        if (userId == null) {
            return null;
        }
        long now = System.nanoTime();
        Cached cached = cache.get(userId);
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.name();
        }
        String name;
        long ttl = TTL_NANOS;
        try {
            Optional<String> found = directory.displayName(userId);
            name = found.orElse(null);
        } catch (DomainException | org.springframework.web.client.RestClientException e) {
            log.warn("Display name of user {} unavailable: {}", userId, e.toString());
            name = null;
            ttl = FAILURE_TTL_NANOS;
        }
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(userId, new Cached(name, now + ttl));
        return name;
    }
}
