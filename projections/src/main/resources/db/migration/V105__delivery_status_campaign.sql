-- The campaign a message went through, so compliance exports can select a campaign's delivery timelines.
-- Rows written before this column existed have none until the read model is rebuilt by replay
-- (POST /v1/operations/read-models/message-read-model/rebuild).
ALTER TABLE delivery_status ADD COLUMN campaign_id VARCHAR(64);

CREATE INDEX delivery_status_by_campaign ON delivery_status (account_id, campaign_id, accepted_at);
CREATE INDEX delivery_status_by_recipient ON delivery_status (account_id, recipient, accepted_at);
