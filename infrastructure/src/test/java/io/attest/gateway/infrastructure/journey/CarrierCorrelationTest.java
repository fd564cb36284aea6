package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Carrier ids in PostgreSQL, as the receipts find their messages by them. */
class CarrierCorrelationTest extends GatewayTestBase {

    @Autowired
    CarrierCorrelationPort correlations;

    @Test
    void aCarrierIdTheSmscReusesNamesTheNewestMessage_soItsReceiptIsNotAppliedToTheOldOne() {
        CarrierMessageId reused = CarrierMessageId.of("primary:reused-7f3a");
        correlations.remember(reused, MessageId.of("msg-older"));
        assertThat(correlations.messageFor(reused)).contains(MessageId.of("msg-older"));

        correlations.remember(reused, MessageId.of("msg-newer"));
        assertThat(correlations.messageFor(reused)).contains(MessageId.of("msg-newer"));

        correlations.remember(reused, MessageId.of("msg-newer")); // recorded again after a redelivery: unchanged
        assertThat(correlations.messageFor(reused)).contains(MessageId.of("msg-newer"));
    }
}
