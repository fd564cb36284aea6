-- Read models the send policy consults, kept in the same transaction as the events (subscribing
-- processor 'compliance-read-model'), so a count or a hold is current the moment its command returns.

-- Marketing messages per campaign and recipient, for the Florida/Oklahoma 3-per-24-hours caps.
-- 'counted' is true once the policy let the message go (or held it to go later); blocked ones never count.
CREATE TABLE marketing_send (
    message_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    campaign_id VARCHAR(80)              NOT NULL,
    recipient   VARCHAR(16)              NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    counted     BOOLEAN                  NOT NULL
);

CREATE INDEX marketing_send_by_recipient ON marketing_send (campaign_id, recipient, accepted_at);

-- Messages held for quiet hours, and when the policy should look at them again.
CREATE TABLE held_message (
    message_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    release_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX held_message_due ON held_message (release_at);
