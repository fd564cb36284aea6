package io.attest.gateway.domain.campaign;

/**
 * The Campaign Registry's use cases, with what the rules make of each: whether messages of it are
 * marketing (prior express <em>written</em> consent, quiet hours, state frequency caps) or informational
 * (prior express consent, exempt from quiet hours).
 */
public enum UseCase {
    TWO_FACTOR_AUTHENTICATION(false),
    ACCOUNT_NOTIFICATION(false),
    CUSTOMER_CARE(false),
    DELIVERY_NOTIFICATION(false),
    FRAUD_ALERT(false),
    SECURITY_ALERT(false),
    MARKETING(true),
    MIXED(true),
    LOW_VOLUME(true);

    private final boolean marketing;

    UseCase(boolean marketing) {
        this.marketing = marketing;
    }

    /** Marketing messages need written consent and respect quiet hours and state caps. */
    public boolean isMarketing() {
        return marketing;
    }
}
