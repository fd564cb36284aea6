package io.attest.gateway.infrastructure.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * The daily segment cap of each brand (T-Mobile assigns one per brand, 2,000 to 200,000 a day; compliance rules
 * §5). {@code gateway.dispatch.brand-daily-segments.<brand id>} sets a brand's cap as the carrier assigned it; a brand
 * without one gets a cap by its trust score: 75-100: 200,000; 50-74: 40,000; 25-49: 10,000; lower or not vetted: 2,000.
 */
@ConfigurationProperties("gateway.dispatch")
public record BrandDailyCapProperties(Map<String, Long> brandDailySegments) {

    public BrandDailyCapProperties {
        brandDailySegments = brandDailySegments == null ? Map.of() : Map.copyOf(brandDailySegments);
        brandDailySegments.forEach((brand, cap) -> {
            if (cap == null || cap < 1) {
                throw new IllegalArgumentException("gateway.dispatch.brand-daily-segments." + brand
                        + " must be a number of segments of 1 or more, not " + cap);
            }
        });
    }

    /** The brand's configured cap, else the default for its trust score. */
    public long segmentsPerDay(String brand, Integer trustScore) {
        Long configured = brandDailySegments.get(brand);
        if (configured != null) {
            return configured;
        }
        int score = trustScore == null ? 0 : trustScore;
        if (score >= 75) {
            return 200_000;
        }
        if (score >= 50) {
            return 40_000;
        }
        if (score >= 25) {
            return 10_000;
        }
        return 2_000;
    }
}
