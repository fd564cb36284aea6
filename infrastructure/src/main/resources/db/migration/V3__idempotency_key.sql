-- Idempotency keys of POST /v1/messages, per account: the first request's fingerprint and, once it
-- finished, its response, replayed to any retry with the same key and body for at least 24 hours.

CREATE TABLE idempotency_key (
    account_id      VARCHAR(64)              NOT NULL,
    idempotency_key VARCHAR(255)             NOT NULL,
    request_sha256  CHAR(64)                 NOT NULL,
    message_id      VARCHAR(64)              NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    response_location VARCHAR(255),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, idempotency_key)
);

CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);
