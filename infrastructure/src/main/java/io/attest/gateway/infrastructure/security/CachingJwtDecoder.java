package io.attest.gateway.infrastructure.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens the wrapped decoder accepted, until they expire, so a client sending many requests with one token
 * pays for its signature check once (an RSA verification is a large share of a small request's work). Only a token
 * string identical to one that passed every check of the wrapped decoder (signature, issuer, audience, times) is taken
 * from memory; anything else goes to the wrapped decoder. A token is never taken from memory at or after its
 * {@code exp}. As with any resource server validating JWTs locally, a token stays good until it expires even if the
 * issuer stops trusting it; remembering it changes nothing there. At most {@code capacity} tokens are kept; when
 * full, the memory is emptied and fills again.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Jwt> accepted = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder delegate, int capacity, Clock clock) {
        this.delegate = delegate;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = accepted.get(token);
        Instant now = clock.instant();
        if (known != null) {
            if (known.getExpiresAt() != null && now.isBefore(known.getExpiresAt())
                    && (known.getNotBefore() == null || !now.isBefore(known.getNotBefore()))) {
                return known;
            }
            accepted.remove(token);
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())) {
            if (accepted.size() >= capacity) {
                accepted.clear();
            }
            accepted.put(token, jwt);
        }
        return jwt;
    }

    int size() {
        return accepted.size();
    }
}
