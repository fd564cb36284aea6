package io.attest.gateway.projections.support;

import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.domain.campaign.UseCase;

import java.time.Instant;

/** Texts kept as they are: the projectors' tests are about what they write, sealing has its own tests. */
public final class PlainTexts implements SealMessageTextPort {

    @Override
    public String seal(String text, UseCase useCase, Instant at) {
        return text;
    }

    @Override
    public String unseal(String stored) {
        return stored;
    }

    @Override
    public String unsealWithin(String json) {
        return json;
    }
}
