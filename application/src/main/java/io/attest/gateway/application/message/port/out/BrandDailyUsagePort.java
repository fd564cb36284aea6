package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.brand.BrandId;

import java.time.LocalDate;

/** Segments each brand has submitted per carrier day, counted where every gateway node sees them. */
public interface BrandDailyUsagePort {

    /**
     * Adds the segments to the brand's count for the day if the count stays within the cap, in one atomic step (two
     * nodes cannot both take the last place), committed on its own.
     *
     * @return the brand's count for the day after this message, or -1 when it would exceed the cap (nothing added)
     */
    long tryConsume(BrandId brand, LocalDate day, int segments, long cap);

    /** Takes back segments counted for a message that did not go after all (never below zero), committed on its own. */
    void giveBack(BrandId brand, LocalDate day, int segments);
}
