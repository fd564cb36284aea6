-- Webhooks: where an account's events are delivered, the secrets that sign them, and every delivery with each
-- of its attempts. Deliveries are created by the fan-out from the account event feed (one per event and
-- destination) and attempted until the receiver answers 2xx or the retry schedule ends (a dead letter).

CREATE TABLE webhook_endpoint (
    id              VARCHAR(40)              NOT NULL PRIMARY KEY,
    account_id      VARCHAR(64)              NOT NULL,
    url             VARCHAR(2000)            NOT NULL,
    -- comma-separated event types; empty for every type
    event_types     VARCHAR(1000)            NOT NULL,
    description     VARCHAR(500),
    enabled         BOOLEAN                  NOT NULL,
    disabled_reason VARCHAR(500),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX webhook_endpoint_by_account ON webhook_endpoint (account_id);

-- endpoint_id NULL: the account's secret for the webhook URLs given with single messages
CREATE TABLE webhook_secret (
    id          BIGSERIAL                NOT NULL PRIMARY KEY,
    account_id  VARCHAR(64)              NOT NULL,
    endpoint_id VARCHAR(40),
    secret      VARCHAR(100)             NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX webhook_secret_by_owner ON webhook_secret (account_id, endpoint_id);

CREATE TABLE webhook_fanout_cursor (
    id      INTEGER NOT NULL PRIMARY KEY,
    feed_id BIGINT  NOT NULL
);

INSERT INTO webhook_fanout_cursor (id, feed_id) VALUES (1, 0);

CREATE TABLE webhook_delivery (
    id                BIGSERIAL                NOT NULL PRIMARY KEY,
    account_id        VARCHAR(64)              NOT NULL,
    -- NULL when the destination is the message's own webhook URL
    endpoint_id       VARCHAR(40),
    -- the endpoint id, or 'message-url'; one delivery per event and destination
    destination       VARCHAR(40)              NOT NULL,
    url               VARCHAR(2000)            NOT NULL,
    event_id          VARCHAR(64)              NOT NULL,
    event_type        VARCHAR(40)              NOT NULL,
    message_id        VARCHAR(64),
    sequence          BIGINT                   NOT NULL,
    occurred_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    payload           TEXT                     NOT NULL,
    -- PENDING, DELIVERING (a request is open until lease_until), DELIVERED, DEAD
    status            VARCHAR(12)              NOT NULL,
    attempts          INTEGER                  NOT NULL,
    failures_in_a_row INTEGER                  NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE,
    lease_until       TIMESTAMP WITH TIME ZONE,
    last_status_code  INTEGER,
    last_error        VARCHAR(1000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT webhook_delivery_once UNIQUE (event_id, destination)
);

CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_by_url ON webhook_delivery (url, id) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_leased ON webhook_delivery (lease_until) WHERE status = 'DELIVERING';
CREATE INDEX webhook_delivery_by_account ON webhook_delivery (account_id, status, id);
CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id) WHERE status = 'PENDING';

CREATE TABLE webhook_attempt (
    delivery_id  BIGINT                   NOT NULL REFERENCES webhook_delivery (id),
    attempt      INTEGER                  NOT NULL,
    account_id   VARCHAR(64)              NOT NULL,
    endpoint_id  VARCHAR(40),
    url          VARCHAR(2000)            NOT NULL,
    event_id     VARCHAR(64)              NOT NULL,
    event_type   VARCHAR(40)              NOT NULL,
    message_id   VARCHAR(64),
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status_code  INTEGER,
    latency_ms   BIGINT                   NOT NULL,
    error        VARCHAR(1000),
    outcome      VARCHAR(12)              NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE INDEX webhook_attempt_by_message ON webhook_attempt (message_id, attempted_at);
