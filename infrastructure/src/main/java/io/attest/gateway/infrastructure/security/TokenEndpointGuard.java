package io.attest.gateway.infrastructure.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Slows down guessing at the local issuer's endpoints: after {@code max-failures-per-client} failed client
 * authentications for one client id, or {@code max-failures-per-address} from one address, within the window, further
 * requests for it are refused with 429 problem+json and {@code Retry-After}, without checking their secret. A success
 * clears the client's count. Each failure is logged with the client id and the address, never the secret.
 */
final class TokenEndpointGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TokenEndpointGuard.class);

    private final FailedAttempts clients;
    private final FailedAttempts addresses;

    TokenEndpointGuard(FailedAttempts clients, FailedAttempts addresses) {
        this.clients = clients;
        this.addresses = addresses;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = clientIdOf(request);
        String address = request.getRemoteAddr();
        Optional<Duration> wait = client == null ? Optional.empty() : clients.lockedFor(client);
        String locked = "client " + printable(client);
        if (wait.isEmpty()) {
            wait = addresses.lockedFor(address);
            locked = "address " + address;
        }
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            log.warn("token request refused: too many failed client authentications for {}; locked for {} s", locked,
                    seconds);
            response.setHeader("Retry-After", Long.toString(seconds));
            ProblemSecurityResponses.write(response, 429, "too-many-failed-attempts", "Too many failed attempts",
                    "too many failed client authentications for " + locked + "; retry after " + seconds + " s");
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == 401) {
            if (client != null) {
                clients.failed(client);
            }
            addresses.failed(address);
            log.warn("failed client authentication at {} for client {} from {}", request.getRequestURI(),
                    printable(client), address);
        } else if (response.getStatus() < 400 && client != null) {
            clients.succeeded(client);
        }
    }

    /** The client id of HTTP Basic or of the form's {@code client_id}; null when the request names none. */
    static String clientIdOf(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        return request.getParameter("client_id");
    }

    /** A client id as it may be logged: at most 64 characters, nothing that is not printable ASCII. */
    private static String printable(String clientId) {
        if (clientId == null) {
            return "(none)";
        }
        String cut = clientId.length() > 64 ? clientId.substring(0, 64) + "..." : clientId;
        return "'" + cut.replaceAll("[^\\x20-\\x7E]", "?") + "'";
    }
}
