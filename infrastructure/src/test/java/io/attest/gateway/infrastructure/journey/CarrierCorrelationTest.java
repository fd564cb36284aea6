package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.ReceiptOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Carrier ids in PostgreSQL, as the receipts find their messages by them. */
class CarrierCorrelationTest extends GatewayTestBase {

    @Autowired
    CarrierCorrelationPort correlations;

    @Autowired
    Clock clock;

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

    @Test
    void aKeptReceiptIsOfferedOnlyToASubmitThatWentOutBeforeItArrived() {
        CarrierMessageId lost = CarrierMessageId.of("primary:kept-91c2");
        Instant before = clock.instant().minus(Duration.ofMinutes(1));
        correlations.keepUnmatched(new DeliveryReceipt(lost, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null));
        Instant after = clock.instant().plus(Duration.ofMinutes(1));

        assertThat(correlations.unmatched(lost, before)) // a submit sent before it: its receipt, as it came
                .containsExactly(new DeliveryReceipt(lost, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null));
        assertThat(correlations.unmatched(lost, after)).isEmpty(); // sent after it: an earlier message's
    }

    @Test
    void aBatchOfSubmissionsTakesItsCarrierIdsInOneWrite_andAReusedIdAmongThemMovesToItsNewMessage() {
        CarrierMessageId reused = CarrierMessageId.of("primary:batch-reused-01");
        CarrierMessageId fresh = CarrierMessageId.of("primary:batch-fresh-01");
        CarrierMessageId segment = CarrierMessageId.of("primary:batch-fresh-02");
        correlations.remember(reused, MessageId.of("msg-batch-older"));

        var owners = new java.util.LinkedHashMap<CarrierMessageId, MessageId>();
        owners.put(reused, MessageId.of("msg-batch-newer"));
        owners.put(fresh, MessageId.of("msg-batch-a"));
        owners.put(segment, MessageId.of("msg-batch-a"));
        correlations.rememberAll(owners);

        assertThat(correlations.messageFor(reused)).contains(MessageId.of("msg-batch-newer"));
        assertThat(correlations.messageFor(fresh)).contains(MessageId.of("msg-batch-a"));
        assertThat(correlations.messageFor(segment)).contains(MessageId.of("msg-batch-a"));
        correlations.rememberAll(owners); // recorded again after a redelivery: unchanged
        assertThat(correlations.messageFor(reused)).contains(MessageId.of("msg-batch-newer"));
    }

    @Test
    void theKeptReceiptsOfABatchAreReadAtOnce_eachIdFromItsOwnSubmitsSendTime() {
        CarrierMessageId early = CarrierMessageId.of("primary:batch-kept-01");
        CarrierMessageId reusedBefore = CarrierMessageId.of("primary:batch-kept-02");
        CarrierMessageId none = CarrierMessageId.of("primary:batch-kept-03");
        Instant before = clock.instant().minus(Duration.ofMinutes(1));
        var first = new DeliveryReceipt(early, ReceiptOutcome.UNDELIVERABLE, "UNDELIV", "001", null);
        var second = new DeliveryReceipt(early, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null);
        correlations.keepUnmatched(first);
        correlations.keepUnmatched(second);
        correlations.keepUnmatched(new DeliveryReceipt(reusedBefore, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null));
        Instant after = clock.instant().plus(Duration.ofMinutes(1));

        var since = new java.util.LinkedHashMap<CarrierMessageId, Instant>();
        since.put(early, before);       // sent before its receipts came: both are its own, oldest first
        since.put(reusedBefore, after); // sent after the kept receipt arrived: an earlier message's, not offered
        since.put(none, before);
        assertThat(correlations.unmatched(since)).containsOnlyKeys(early).containsEntry(early, java.util.List.of(first, second));
        assertThat(correlations.unmatched(reusedBefore, before)).hasSize(1); // still kept for a submit it belongs to
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void carrierIdsAndKeptReceiptsPastTheirRetentionAreForgottenAndNewerOnesKept() {
        CarrierMessageId old = CarrierMessageId.of("primary:old-0001");
        CarrierMessageId recent = CarrierMessageId.of("primary:recent-0001");
        correlations.remember(old, MessageId.of("msg-old"));
        correlations.remember(recent, MessageId.of("msg-recent"));
        correlations.keepUnmatched(new DeliveryReceipt(old, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null));
        correlations.keepUnmatched(new DeliveryReceipt(recent, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null));
        // the old ones were written 40 days ago
        jdbc.update("UPDATE carrier_correlation SET recorded_at = recorded_at - interval '40 days' WHERE carrier_message_id = ?",
                old.value());
        jdbc.update("UPDATE carrier_unmatched_receipt SET received_at = received_at - interval '40 days'"
                + " WHERE carrier_message_id = ?", old.value());

        Instant now = clock.instant();
        int forgotten = correlations.forgetBefore(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(7)));

        assertThat(forgotten).isGreaterThanOrEqualTo(2);
        assertThat(correlations.messageFor(old)).isEmpty();
        assertThat(correlations.unmatched(old, Instant.EPOCH)).isEmpty();
        assertThat(correlations.messageFor(recent)).contains(MessageId.of("msg-recent"));
        assertThat(correlations.unmatched(recent, Instant.EPOCH)).hasSize(1);
    }
}
