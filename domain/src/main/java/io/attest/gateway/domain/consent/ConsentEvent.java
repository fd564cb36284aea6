package io.attest.gateway.domain.consent;

public sealed interface ConsentEvent permits OptInRecorded, OptOutRecorded {

    SubscriberConsentId consentId();
}
