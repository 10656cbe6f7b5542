package ai.bvrai.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import java.util.Collection;
import java.util.Map;

/** An authenticated bearer token whose principal is the {@link Caller}. */
public class CallerAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final Caller caller;

    CallerAuthentication(Jwt jwt, Caller caller, Collection<? extends GrantedAuthority> authorities) {
        super(jwt, caller, jwt, authorities);
        this.caller = caller;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }

    @Override
    public String getName() {
        return caller.userId();
    }
}
