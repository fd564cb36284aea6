-- SMPP clients of the gateway (docs/smpp-server.md). A credential is what an account's SMPP clients bind with: the
-- password only as a bcrypt hash, with the credential's limits.
CREATE TABLE smpp_client_credential (
    system_id          VARCHAR(16)              PRIMARY KEY,
    account_id         VARCHAR(64)              NOT NULL,
    password_hash      VARCHAR(100)             NOT NULL,
    description        VARCHAR(200),
    allowed_addresses  TEXT[]                   NOT NULL DEFAULT '{}',
    max_binds          INTEGER                  NOT NULL,
    window_size        INTEGER                  NOT NULL,
    submits_per_second INTEGER                  NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX smpp_client_credential_by_account ON smpp_client_credential (account_id);

-- The messages SMPP clients submitted, written before the message is sent: whether the client wants receipts, and
-- the addresses as it wrote them, which its receipts carry back.
CREATE TABLE smpp_client_message (
    message_id          VARCHAR(64)              PRIMARY KEY,
    account_id          VARCHAR(64)              NOT NULL,
    system_id           VARCHAR(16)              NOT NULL,
    registered_delivery SMALLINT                 NOT NULL,
    source_addr         VARCHAR(21)              NOT NULL,
    source_ton          SMALLINT                 NOT NULL,
    source_npi          SMALLINT                 NOT NULL,
    dest_addr           VARCHAR(21)              NOT NULL,
    dest_ton            SMALLINT                 NOT NULL,
    dest_npi            SMALLINT                 NOT NULL,
    submitted_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- How far in its event feed (account_event.position) an account's SMPP clients have acknowledged what was theirs.
CREATE TABLE smpp_client_cursor (
    account_id VARCHAR(64) PRIMARY KEY,
    position   BIGINT      NOT NULL
);
