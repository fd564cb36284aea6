-- Email to SMS (docs/email.md): an account's settings, its SMTP credentials (bcrypt hashes only), where each message
-- that came by email came from (for replies and receipts by email), and how far the email fan-out has followed the
-- event feed.
CREATE TABLE email_gateway_account (
    account_id        VARCHAR(64)              NOT NULL PRIMARY KEY,
    enabled           BOOLEAN                  NOT NULL,
    numbers           TEXT                     NOT NULL, -- E.164, comma-separated, the default first
    allowed_senders   TEXT                     NOT NULL, -- addresses and @domains, comma-separated
    replies_by_email  BOOLEAN                  NOT NULL,
    receipts_by_email BOOLEAN                  NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

CREATE TABLE email_gateway_credential (
    username      VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id    VARCHAR(64)              NOT NULL,
    password_hash VARCHAR(100)             NOT NULL,
    description   VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX email_gateway_credential_by_account ON email_gateway_credential (account_id);

CREATE TABLE email_origin (
    message_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id  VARCHAR(64)              NOT NULL,
    sender      VARCHAR(320)             NOT NULL,
    from_number VARCHAR(16)              NOT NULL,
    to_number   VARCHAR(16)              NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- a reply finds the last message by email between the two numbers
CREATE INDEX email_origin_by_numbers ON email_origin (account_id, from_number, to_number, at);

-- one row: the gateway-wide feed position the fan-out has mailed up to (-1: not started), and the node that follows
-- the feed now, for as long as its lease lasts (renewed with each step; a stopped node's runs out)
CREATE TABLE email_fanout_cursor (
    id          INTEGER                  NOT NULL PRIMARY KEY CHECK (id = 1),
    feed_id     BIGINT                   NOT NULL,
    owner       VARCHAR(255),
    lease_until TIMESTAMP WITH TIME ZONE
);

INSERT INTO email_fanout_cursor (id, feed_id) VALUES (1, -1);
