-- Bulk sends from the console (docs/console.md#bulk-send): a batch and every row of its file, what the send policy
-- decided for it and, once sent, its message id. Kept here rather than in a node's memory so that a batch's page shows
-- on any node and a send a stopped node left unfinished is taken up by another: the node working on a batch holds a
-- lease on it, renewed with each write.
CREATE TABLE bulk_send (
    id             VARCHAR(36)              NOT NULL PRIMARY KEY,
    account_id     VARCHAR(64)              NOT NULL,
    sender         TEXT,
    campaign_id    VARCHAR(80),
    file_name      TEXT,
    state          VARCHAR(16)              NOT NULL, -- CHECKING, PREVIEW, SENDING, SENT, FAILED
    failure        TEXT,
    checked        INTEGER                  NOT NULL DEFAULT 0,
    passing        INTEGER                  NOT NULL DEFAULT 0,
    estimated_cost NUMERIC(20, 6)           NOT NULL DEFAULT 0,
    currency       CHAR(3)                  NOT NULL DEFAULT 'USD',
    done           INTEGER                  NOT NULL DEFAULT 0,
    sent           INTEGER                  NOT NULL DEFAULT 0,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_owner    VARCHAR(255),
    lease_until    TIMESTAMP WITH TIME ZONE
);

-- the batches a node is working on, for taking up those whose lease ran out
CREATE INDEX bulk_send_leased ON bulk_send (lease_until) WHERE state IN ('CHECKING', 'SENDING');

-- A row's text is stored sealed, as every message text is (docs/security.md#message-text); an invalid or blocked
-- row's text is not kept at all.
CREATE TABLE bulk_send_row (
    bulk_send_id VARCHAR(36)              NOT NULL REFERENCES bulk_send (id) ON DELETE CASCADE,
    number       INTEGER                  NOT NULL,
    recipient    TEXT,
    text         TEXT,
    send_at      TIMESTAMP WITH TIME ZONE,
    outcome      VARCHAR(16)              NOT NULL,
    outcome_key  VARCHAR(96)              NOT NULL, -- the preview's count it falls in: "blocked by consent.missing"
    passes       BOOLEAN                  NOT NULL,
    rule         VARCHAR(64),
    reason       TEXT,
    held_until   TIMESTAMP WITH TIME ZONE,
    estimate     NUMERIC(20, 6),
    message_id   VARCHAR(64),
    sent_outcome TEXT,
    PRIMARY KEY (bulk_send_id, number)
);

-- the rows still to send, in order
CREATE INDEX bulk_send_row_unsent ON bulk_send_row (bulk_send_id, number) WHERE passes AND sent_outcome IS NULL;
