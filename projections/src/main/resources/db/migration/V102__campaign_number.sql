-- Which numbers serve which campaign now (subscribing processor 'compliance-read-model'): the gateway
-- sends a campaign's own messages, such as opt-in confirmations, from one of them.
CREATE TABLE campaign_number (
    number      VARCHAR(16) NOT NULL PRIMARY KEY,
    campaign_id VARCHAR(80) NOT NULL
);

CREATE INDEX campaign_number_by_campaign ON campaign_number (campaign_id);
