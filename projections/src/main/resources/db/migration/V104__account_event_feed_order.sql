-- A gateway-wide order of the account events, for the webhook fan-out to follow with one cursor. The feed has
-- one writer (the 'event-feed' processor, one segment), so feed_id values become visible in increasing order.
-- webhook_url: the webhook URL a message was sent with, on its message.accepted row; not shown in the feed.
ALTER TABLE account_event ADD COLUMN feed_id BIGSERIAL NOT NULL;
ALTER TABLE account_event ADD COLUMN webhook_url TEXT;

CREATE UNIQUE INDEX account_event_by_feed_id ON account_event (feed_id);
CREATE INDEX account_event_by_type ON account_event (account_id, type, position);
