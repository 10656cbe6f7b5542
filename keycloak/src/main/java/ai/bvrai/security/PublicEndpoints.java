package ai.bvrai.security;

import org.springframework.http.HttpMethod;

/**
 * A route a module serves without a token, with the reason it must be public. Every other route needs a
 * valid access token.
 */
public record PublicEndpoints(HttpMethod method, String pattern, String reason) {
}
