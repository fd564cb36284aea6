package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.ZoneId;
import java.util.List;

/** The time zones a phone number may be in (at least one). */
public interface RecipientTimeZonePort {

    List<ZoneId> zonesOf(PhoneNumber number);
}
