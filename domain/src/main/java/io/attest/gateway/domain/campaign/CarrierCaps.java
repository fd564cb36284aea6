package io.attest.gateway.domain.campaign;

/**
 * Carrier throughput caps a campaign is paced to (rules §5). AT&T: SMS per minute by the brand's vetting
 * score (75-100: 4,500; 50-74: 2,400; 1-49: 240; low-volume mixed: 75).
 */
public record CarrierCaps(int attMessagesPerMinute) {

    public static CarrierCaps of(UseCase useCase, int trustScore) {
        if (useCase == UseCase.LOW_VOLUME) {
            return new CarrierCaps(75);
        }
        if (trustScore >= 75) {
            return new CarrierCaps(4_500);
        }
        if (trustScore >= 50) {
            return new CarrierCaps(2_400);
        }
        return new CarrierCaps(240);
    }
}
