-- The consent ledger: every opt-in, re-opt-in, opt-out (with the rule that matched the subscriber's words) and
-- confirmation sent (with its delay), with the consent evidence, per account, brand and subscriber in the order
-- they happened. Built from the event store by the 'consent-ledger' processor and rebuildable by replay: it is a
-- view of the events, whose tamper evidence is the audit chain (audit_entry) they are also recorded in.
CREATE TABLE consent_ledger (
    account_id           VARCHAR(64)              NOT NULL,
    brand_id             VARCHAR(64)              NOT NULL,
    subscriber           VARCHAR(16)              NOT NULL,
    entry_number         BIGINT                   NOT NULL,
    event_id             VARCHAR(64)              NOT NULL,
    -- OPT_IN, RE_OPT_IN, OPT_OUT, OPT_OUT_CONFIRMATION, OPT_IN_CONFIRMATION
    entry_type           VARCHAR(24)              NOT NULL,
    campaign_id          VARCHAR(64),
    consent_kind         VARCHAR(24),
    revocation_scope     VARCHAR(16),
    method               VARCHAR(24),
    matched_rule         VARCHAR(200),
    subscriber_words     TEXT,
    already_opted_out    BOOLEAN,
    evidence_channel     VARCHAR(24),
    disclosure_shown     TEXT,
    disclosure_sha256    CHAR(64),
    consent_given        TEXT,
    source_reference     TEXT,
    ip_address           VARCHAR(64),
    user_agent           TEXT,
    subscriber_name      TEXT,
    confirmation_message VARCHAR(64),
    confirmation_delay_ms BIGINT,
    actor                VARCHAR(200),
    -- when the subscriber consented or asked to stop (from the evidence); recorded_at is when the gateway recorded it
    effective_at         TIMESTAMP WITH TIME ZONE,
    recorded_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, brand_id, subscriber, entry_number),
    CONSTRAINT consent_ledger_event_once UNIQUE (event_id)
);

CREATE INDEX consent_ledger_by_time ON consent_ledger (account_id, recorded_at);
CREATE INDEX consent_ledger_by_campaign ON consent_ledger (account_id, campaign_id, recorded_at);
CREATE INDEX consent_ledger_by_subscriber ON consent_ledger (account_id, subscriber, recorded_at);
