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

/** 401 and 403 as RFC 9457 problem+json, keeping the WWW-Authenticate header RFC 6750 asks for. */
@Component
class ProblemSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();

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

    private static void write(HttpServletResponse response, int status, String code, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"urn:attest:problem:" + code + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":" + io.attest.gateway.application.shared.JsonText.quote(detail) + ",\"code\":\"" + code + "\"}");
    }
}
