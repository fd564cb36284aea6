-- Searching an account's messages newest first (GET /v1/messages): each filter has an index that ends with the
-- acceptance time, so a page is read in order and stops at its size. Recipient and campaign have theirs (V105).
CREATE INDEX delivery_status_by_sender ON delivery_status (account_id, sender, accepted_at);
CREATE INDEX delivery_status_by_status ON delivery_status (account_id, status, accepted_at);

-- Received messages by subscriber and by receiving number, newest first. (The read-model code generator cannot
-- parse expression indexes; it needs nothing from them.)
-- [jooq ignore start]
CREATE INDEX account_event_received_from ON account_event (account_id, ((data::jsonb ->> 'from')), position)
    WHERE type = 'message.received';
CREATE INDEX account_event_received_to ON account_event (account_id, ((data::jsonb ->> 'to')), position)
    WHERE type = 'message.received';
-- [jooq ignore stop]
