-- Each account's events in the order they happened, numbered without gaps: GET /v1/events?after=<position>
-- lets a client catch up on everything it missed. Built by the tracking processor 'event-feed'.
CREATE TABLE account_event (
    account_id  VARCHAR(64)              NOT NULL,
    position    BIGINT                   NOT NULL,
    event_id    VARCHAR(64)              NOT NULL,
    type        VARCHAR(40)              NOT NULL,
    message_id  VARCHAR(64),
    sequence    BIGINT                   NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    data        TEXT                     NOT NULL,
    PRIMARY KEY (account_id, position),
    CONSTRAINT account_event_once UNIQUE (event_id)
);

CREATE INDEX account_event_by_message ON account_event (message_id);
