-- What each message was expected to cost and was charged, and every charge for the cost reports.

ALTER TABLE delivery_status ADD COLUMN cost_currency  CHAR(3);
ALTER TABLE delivery_status ADD COLUMN estimated_cost NUMERIC(20, 6);
ALTER TABLE delivery_status ADD COLUMN charged_cost   NUMERIC(20, 6);

-- One row per charge: a submission the carrier took (outbound) or a message received (inbound). The event that
-- recorded it is its key, so a charge is counted once however often its event is handled.
CREATE TABLE message_charge (
    message_id    VARCHAR(64)              NOT NULL,
    sequence      BIGINT                   NOT NULL,
    account_id    VARCHAR(64)              NOT NULL,
    direction     VARCHAR(8)               NOT NULL,
    charged_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    campaign_id   VARCHAR(64),
    carrier       VARCHAR(64),
    route         VARCHAR(64),
    traffic_class VARCHAR(24)              NOT NULL,
    segments      INTEGER                  NOT NULL,
    per_segment   NUMERIC(20, 6)           NOT NULL,
    carrier_fee   NUMERIC(20, 6)           NOT NULL,
    amount        NUMERIC(20, 6)           NOT NULL,
    currency      CHAR(3)                  NOT NULL,
    PRIMARY KEY (message_id, sequence)
);

CREATE INDEX message_charge_by_account ON message_charge (account_id, charged_at);
