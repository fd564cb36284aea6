package io.attest.gateway.domain.number;

import io.attest.gateway.domain.shared.PhoneNumber;

public record TollFreeNumberVerified(PhoneNumber number) implements NumberEvent {
}
