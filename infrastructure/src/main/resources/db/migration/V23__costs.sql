-- Rate cards, the carrier lookup tables, the accounts' spend limits and what each account committed to spend.

-- A rate card applies from its effective date until the next one's; a card is never changed once stored.
CREATE TABLE rate_card (
    effective_from TIMESTAMP WITH TIME ZONE NOT NULL PRIMARY KEY,
    card           JSONB                    NOT NULL,
    recorded_by    VARCHAR(128)             NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

-- Number blocks (NPA-NXX or NPA-NXX-X, as E.164 prefixes) and the carrier that holds each.
CREATE TABLE carrier_block (
    prefix  VARCHAR(16) NOT NULL PRIMARY KEY,
    carrier VARCHAR(64) NOT NULL
);

-- Numbers ported away from the carrier of their block.
CREATE TABLE carrier_ported_number (
    number  VARCHAR(16) NOT NULL PRIMARY KEY,
    carrier VARCHAR(64) NOT NULL
);

CREATE TABLE spend_limit (
    account_id  VARCHAR(64)              NOT NULL PRIMARY KEY,
    currency    CHAR(3)                  NOT NULL,
    daily       NUMERIC(20, 6),
    monthly     NUMERIC(20, 6),
    thresholds  VARCHAR(64)              NOT NULL,
    set_by      VARCHAR(128)             NOT NULL,
    set_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

-- The estimates each account committed to spend per UTC day ('d') and UTC month ('m', its first day). Every node
-- counts in the same rows, one statement per send, so a limit holds however many nodes take requests.
CREATE TABLE account_spend (
    account_id   VARCHAR(64)    NOT NULL,
    period       CHAR(1)        NOT NULL,
    period_start DATE           NOT NULL,
    currency     CHAR(3)        NOT NULL,
    spent        NUMERIC(20, 6) NOT NULL,
    PRIMARY KEY (account_id, period, period_start)
);
