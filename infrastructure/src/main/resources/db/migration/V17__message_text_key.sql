-- The keys that seal message text at rest (docs/security.md#message-text): one per retention class ('text' for
-- messages, 'codes' for one-time codes) and UTC day, itself encrypted with the gateway's secrets key. Deleting the
-- rows of a day past its retention makes that day's texts unreadable in the event store, the read model, the event
-- feed and the webhook deliveries at once, while the events, and the audit chain over them, stay as they were.
CREATE TABLE message_text_key (
    retention_class VARCHAR(8)               NOT NULL,
    day             DATE                     NOT NULL,
    wrapped_key     VARCHAR(200)             NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (retention_class, day)
);
