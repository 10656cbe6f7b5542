package ai.bvrai.infra.web;

import ai.bvrai.api.MetadataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request has a correlation id: the caller's {@value #HEADER} when it is a sane token, a new UUID
 * otherwise. It is returned in the same header, put on every log line (MDC) and into every command's metadata.
 */
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        String correlationId = offered != null && ACCEPTED.matcher(offered).matches()
                ? offered : UUID.randomUUID().toString();
        response.setHeader(HEADER, correlationId);
        MDC.put(MetadataKeys.CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.CORRELATION_ID);
        }
    }
}
