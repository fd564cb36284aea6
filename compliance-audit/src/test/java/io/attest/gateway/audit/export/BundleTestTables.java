package io.attest.gateway.audit.export;

import org.jooq.DSLContext;

/** The tables the projections and infrastructure modules own, as its migrations create them, for this module's tests. */
final class BundleTestTables {

    private BundleTestTables() {
    }

    static void create(DSLContext db) {
        db.execute("""
                CREATE TABLE delivery_status (message_id VARCHAR(64) PRIMARY KEY, account_id VARCHAR(64) NOT NULL,
                  sender VARCHAR(16) NOT NULL, recipient VARCHAR(16) NOT NULL, body TEXT NOT NULL, encoding VARCHAR(8) NOT NULL,
                  segments INTEGER NOT NULL, status VARCHAR(16) NOT NULL, carrier_message_id VARCHAR(64),
                  accepted_at TIMESTAMP WITH TIME ZONE NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  campaign_id VARCHAR(64));
                CREATE TABLE message_timeline (message_id VARCHAR(64) NOT NULL, sequence BIGINT NOT NULL,
                  status VARCHAR(16) NOT NULL, event VARCHAR(64) NOT NULL, occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
                  carrier_message_id VARCHAR(64), detail VARCHAR(2000), PRIMARY KEY (message_id, sequence));
                CREATE TABLE webhook_attempt (delivery_id BIGINT NOT NULL, attempt INTEGER NOT NULL,
                  account_id VARCHAR(64) NOT NULL, endpoint_id VARCHAR(40), url VARCHAR(2000) NOT NULL,
                  event_id VARCHAR(64) NOT NULL, event_type VARCHAR(40) NOT NULL, message_id VARCHAR(64),
                  attempted_at TIMESTAMP WITH TIME ZONE NOT NULL, status_code INTEGER, latency_ms BIGINT NOT NULL,
                  error VARCHAR(1000), outcome VARCHAR(12) NOT NULL, PRIMARY KEY (delivery_id, attempt));
                """);
    }
}
