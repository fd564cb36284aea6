-- Per-account audit trail: every decision about a message, numbered per account in the order the
-- gateway made it, so that the entries of one account form a gap-free sequence.

CREATE TABLE audit_entry (
    account_id   VARCHAR(64)              NOT NULL,
    entry_number BIGINT                   NOT NULL,
    event_id     VARCHAR(64)              NOT NULL,
    message_id   VARCHAR(64)              NOT NULL,
    event_type   VARCHAR(64)              NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    summary      VARCHAR(2000)            NOT NULL,
    PRIMARY KEY (account_id, entry_number),
    CONSTRAINT audit_entry_event_once UNIQUE (event_id)
);

CREATE INDEX audit_entry_by_message ON audit_entry (message_id);
