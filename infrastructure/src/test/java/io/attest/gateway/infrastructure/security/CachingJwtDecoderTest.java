package io.attest.gateway.infrastructure.security;

import io.attest.gateway.infrastructure.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The token memory in front of a decoder that counts its calls. */
@org.junit.jupiter.api.Tag("security")
class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicInteger decodes = new AtomicInteger();
    private final JwtDecoder delegate = token -> {
        decodes.incrementAndGet();
        if (token.startsWith("bad")) {
            throw new BadJwtException("signature does not verify");
        }
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("acme-app")
                .issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plusSeconds(300)).build();
    };
    private final CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, 3, clock);

    @Test
    void aTokenThatPassedIsCheckedOnceUntilItExpires_thenTheDecoderDecidesAgain() {
        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode("good-1").getSubject()).isEqualTo("acme-app");
        }
        assertThat(decodes.get()).isEqualTo(1);

        clock.set(NOW.plusSeconds(300)); // at exp
        decoder.decode("good-1");
        assertThat(decodes.get()).isEqualTo(2);
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode("bad-token")).isInstanceOf(BadJwtException.class);
        }
        assertThat(decodes.get()).isEqualTo(3);
        assertThat(decoder.size()).isZero();
    }

    @Test
    void theMemoryNeverHoldsMoreThanItsCapacity() {
        for (int i = 0; i < 10; i++) {
            decoder.decode("good-" + i);
            assertThat(decoder.size()).isLessThanOrEqualTo(3);
        }
    }
}
