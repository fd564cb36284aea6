package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.shared.PhoneNumber;

/** One subscriber's consent to one brand: {@code <brand>/<E.164>}. */
public record SubscriberConsentId(String value) {

    public static SubscriberConsentId of(BrandId brand, PhoneNumber subscriber) {
        return new SubscriberConsentId(brand.value() + "/" + subscriber.e164());
    }

    @Override
    public String toString() {
        return value;
    }
}
