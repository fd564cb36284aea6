-- Messages each account sent to each recipient, for the recipient velocity rule (velocity.recipient): written by the
-- subscribing processor 'compliance-read-model' in the transaction that records the message, so the next decision
-- counts it. 'counted' as in marketing_send: true once the policy let the message go or held it; blocked and expired
-- ones do not count. Rows older than the longest configured window are pruned hourly.
CREATE TABLE recipient_send (
    message_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    account_id  VARCHAR(64)              NOT NULL,
    recipient   VARCHAR(16)              NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    counted     BOOLEAN                  NOT NULL
);

CREATE INDEX recipient_send_by_recipient ON recipient_send (recipient, account_id, accepted_at);
CREATE INDEX recipient_send_by_time ON recipient_send (accepted_at);
