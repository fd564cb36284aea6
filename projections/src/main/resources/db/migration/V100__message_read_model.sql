-- Read model of outbound messages, built by the projections module from Message events.
-- Rebuildable: truncate both tables and reset the 'message-read-model' token to replay.

CREATE TABLE delivery_status (
    message_id         VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id         VARCHAR(64)              NOT NULL,
    sender             VARCHAR(16)              NOT NULL,
    recipient          VARCHAR(16)              NOT NULL,
    body               TEXT                     NOT NULL,
    encoding           VARCHAR(8)               NOT NULL,
    segments           INTEGER                  NOT NULL,
    status             VARCHAR(16)              NOT NULL,
    carrier_message_id VARCHAR(64),
    accepted_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX delivery_status_by_account ON delivery_status (account_id, accepted_at);

CREATE TABLE message_timeline (
    message_id         VARCHAR(64)              NOT NULL,
    sequence           BIGINT                   NOT NULL,
    status             VARCHAR(16)              NOT NULL,
    event              VARCHAR(64)              NOT NULL,
    occurred_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    carrier_message_id VARCHAR(64),
    detail             VARCHAR(2000),
    PRIMARY KEY (message_id, sequence)
);
