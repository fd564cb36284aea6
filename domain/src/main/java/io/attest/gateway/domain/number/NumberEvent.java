package io.attest.gateway.domain.number;

import io.attest.gateway.domain.shared.PhoneNumber;

public sealed interface NumberEvent permits NumberAssigned, NumberReleased, TollFreeNumberVerified {

    PhoneNumber number();
}
