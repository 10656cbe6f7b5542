package ai.bvrai.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;

import java.time.Clock;

/**
 * The stateless resource server every HTTP module runs behind: RS256 tokens from the configured realm, with
 * the configured audience, not expired; the principal is a {@link Caller}; commands carry who sent them.
 */
@AutoConfiguration(before = SecurityAutoConfiguration.class)
@EnableConfigurationProperties(SecurityProperties.class)
@EnableWebSecurity
@EnableMethodSecurity
@Import({MeController.class, KeycloakDirectory.class})
public class KeycloakSecurityAutoConfiguration {

    /** The clock token expiry is judged by. */
    @Bean
    @ConditionalOnMissingBean(name = "securityClock")
    Clock securityClock() {
        return Clock.systemUTC();
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, @Qualifier("securityClock") Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        JwtTimestampValidator notExpired = new JwtTimestampValidator(properties.clockSkew());
        notExpired.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                notExpired,
                new JwtIssuerValidator(properties.issuerUri().toString()),
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(properties.audience())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "The token is not meant for " + properties.audience(), null))));
        return decoder;
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, ObjectMapper json,
                                    ObjectProvider<PublicEndpoints> publicEndpoints) throws Exception {
        http.csrf(csrf -> csrf.disable()) // bearer tokens only: no cookies, nothing to forge
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(routes -> {
                    // probes are called by the orchestrator without credentials; details need a token
                    routes.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    // the API description holds no data
                    routes.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll();
                    publicEndpoints.orderedStream().forEach(endpoint -> routes.requestMatchers(
                            new AntPathRequestMatcher(endpoint.pattern(), endpoint.method().name())).permitAll());
                    routes.requestMatchers("/actuator/**").hasRole("operator");
                    routes.anyRequest().authenticated();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(new CallerConverter()))
                        .authenticationEntryPoint(ProblemResponses.unauthorized(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized(json))
                        .accessDeniedHandler(ProblemResponses.forbidden(json)));
        return http.build();
    }

    @Bean
    CallSessionTokens callSessionTokens(@Value("${bvrai.security.call-session-secret:}") String secret) {
        return new CallSessionTokens(secret, Clock.systemUTC());
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> callerMetadataDispatchInterceptor() {
        return new CallerMetadataDispatchInterceptor();
    }
}
