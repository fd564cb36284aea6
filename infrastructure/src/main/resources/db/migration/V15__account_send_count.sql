-- Each account's sends per second and per UTC day, shared by the gateway nodes so that the limits of gateway.limits
-- hold however many nodes take requests (period 's' or 'd', starting at period_start). Seconds are pruned after a
-- minute, days after two days.
CREATE TABLE account_send_count (
    account_id   VARCHAR(64)              NOT NULL,
    period       CHAR(1)                  NOT NULL,
    period_start TIMESTAMP WITH TIME ZONE NOT NULL,
    sends        BIGINT                   NOT NULL,
    PRIMARY KEY (account_id, period, period_start)
);

CREATE INDEX account_send_count_by_start ON account_send_count (period_start);
