package io.attest.gateway.infrastructure.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * 401 and 403 as RFC 9457 problem+json, keeping the WWW-Authenticate header RFC 6750 asks for; and 503 when a token
 * cannot be checked because its issuer cannot be reached.
 */
@Component
class ProblemSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemSecurityResponses.class);
    static final int ISSUER_RETRY_AFTER_SECONDS = 5;

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final java.util.concurrent.atomic.AtomicLong lastWarning = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A bearer token that could not be checked: when the reason is the issuer (its keys or metadata could not be
     * fetched), 503 with {@code Retry-After} and one warning in the log a minute; otherwise the 401 of {@link #commence}.
     */
    void authenticationFailed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (!(e instanceof org.springframework.security.authentication.AuthenticationServiceException)) {
            commence(request, response, e);
            return;
        }
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > 60_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("tokens cannot be checked: the issuer's keys cannot be fetched ({}); answering 503", e.getMessage());
        }
        response.setHeader("Retry-After", Integer.toString(ISSUER_RETRY_AFTER_SECONDS));
        write(response, 503, "issuer-unavailable", "Service unavailable",
                "the token could not be checked: its issuer cannot be reached; retry after "
                        + ISSUER_RETRY_AFTER_SECONDS + " s");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e); // sets status and WWW-Authenticate
        write(response, 401, "unauthorized", "Unauthorized",
                "a valid bearer token is required: " + e.getMessage());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
        write(response, 403, "forbidden", "Forbidden",
                "the token lacks the scope this operation needs (see docs/openapi.yaml: messages:send, messages:read, "
                        + "compliance:write, compliance:read, consent:write, consent:read, registry:write, webhooks:write, "
                        + "webhooks:read, audit:read, audit:export, operations)");
    }

    /** A problem+json body with the status; the security filters and the issuer's guard answer with it. */
    static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"urn:attest:problem:" + code + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":" + io.attest.gateway.application.shared.JsonText.quote(detail) + ",\"code\":\"" + code + "\"}");
    }
}
