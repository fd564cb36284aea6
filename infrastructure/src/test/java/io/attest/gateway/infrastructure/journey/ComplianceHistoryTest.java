package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.domain.consent.ConsentEvent;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutRecorded;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The send decision's event streams, kept between reads, stay as current as reading them whole. */
class ComplianceHistoryTest extends GatewayTestBase {

    @Autowired
    ComplianceHistoryPort history;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aStreamReadBeforeIsReadOnFromItsLastEvent_soAnOptOutIsSeenByTheNextRead() {
        String subscriber = "+15557650001";
        consentToAcmeCodes(subscriber);
        String consentId = "acme-brand/" + subscriber;
        assertThat(types(history.history(consentId, ConsentEvent.class))).containsExactly(OptInRecorded.class);

        assertThat(client.post("/v1/consents/opt-outs", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "%s", "scope": "BRAND", "method": "AGENT",
                 "words": "asked to stop"}""".formatted(subscriber)).status()).isEqualTo(200);

        List<ComplianceHistoryPort.Recorded<ConsentEvent>> after = history.history(consentId, ConsentEvent.class);
        assertThat(types(after)).containsExactly(OptInRecorded.class, OptOutRecorded.class);
        assertThat(after).extracting(ComplianceHistoryPort.Recorded::sequence).containsExactly(0L, 1L);
        assertThat(history.history(consentId, OptOutRecorded.class)).hasSize(1); // filtered by type, as before
    }

    @Test
    void eventsSeenInsideATransactionThatRollsBackAreNotKept() {
        String subscriber = "+15557650002";
        consentToAcmeCodes(subscriber);
        String copy = "acme-brand/+15557650003";

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.update("""
                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data)
                    SELECT 'copy-' || event_identifier, ?, sequence_number, type, time_stamp, payload_type,
                        payload_revision, payload, meta_data
                    FROM domain_event_entry WHERE aggregate_identifier = ?""", copy, "acme-brand/" + subscriber);
            assertThat(history.history(copy, ConsentEvent.class)).hasSize(1); // this transaction sees its own row
            status.setRollbackOnly();
        });

        assertThat(history.history(copy, ConsentEvent.class)).isEmpty();
    }

    @Test
    void aDecisionsStreamsCheckedInOneQueryAreAsCurrentAsReadOneByOne_soAnOptOutIsSeenByTheNextDecision() {
        String subscriber = "+15557650004";
        consentToAcmeCodes(subscriber);
        String consentId = "acme-brand/" + subscriber;
        List<String> streams = List.of("acme-brand", consentId, "acme-brand/+15557650099"); // the last: never written
        history.history("acme-brand", Object.class); // both remembered
        history.history(consentId, ConsentEvent.class);

        var unchanged = history.readingAhead(streams, () -> List.of(history.history("acme-brand", Object.class).size(),
                history.history(consentId, ConsentEvent.class).size(),
                history.history("acme-brand/+15557650099", ConsentEvent.class).size()));
        assertThat(unchanged.get(0)).isPositive();
        assertThat(unchanged.get(1)).isEqualTo(1);
        assertThat(unchanged.get(2)).isZero();

        assertThat(client.post("/v1/consents/opt-outs", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "%s", "scope": "BRAND", "method": "AGENT",
                 "words": "asked to stop"}""".formatted(subscriber)).status()).isEqualTo(200);

        List<Class<?>> afterOptOut = history.readingAhead(streams, () -> types(history.history(consentId, ConsentEvent.class)));
        assertThat(afterOptOut).containsExactly(OptInRecorded.class, OptOutRecorded.class);
    }

    private static List<Class<?>> types(List<? extends ComplianceHistoryPort.Recorded<?>> events) {
        return events.stream().<Class<?>>map(recorded -> recorded.event().getClass()).toList();
    }
}
