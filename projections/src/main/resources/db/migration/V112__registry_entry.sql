-- The registry's brands, campaigns and numbers by account and by status, for lists (GET /v1/brands, /v1/campaigns,
-- /v1/numbers and the console's registry page). Kept by the subscribing processor 'compliance-read-model', in the
-- transaction of the events themselves, so a list shows a registration or a decision the moment its command returns.
-- A brand's or campaign's details stay in its history; this row says what a list shows.
CREATE TABLE registry_entry (
    kind          VARCHAR(16)              NOT NULL, -- brand, campaign, number
    id            VARCHAR(80)              NOT NULL, -- brand id, campaign id, E.164 number
    account_id    VARCHAR(64)              NOT NULL,
    name          TEXT,                              -- brand: legal name; campaign: use case; number: its type
    parent_id     VARCHAR(80),                        -- campaign: its brand; number: the campaign it serves
    status        VARCHAR(32)              NOT NULL,
    reason        TEXT,                               -- why the last decision was taken, when it says
    verified      BOOLEAN                  NOT NULL DEFAULT FALSE, -- number: toll-free verification recorded
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, id)
);

CREATE INDEX registry_entry_by_account ON registry_entry (account_id, kind, id);
CREATE INDEX registry_entry_by_status ON registry_entry (kind, status, id);

-- What was registered before this table existed, taken from the event store once (each aggregate's registration
-- and its last event). Only where the event store lives in the same database: the read-model module's own tests
-- migrate these scripts alone. (The read-model code generator cannot parse this block; it needs nothing from it.)
-- [jooq ignore start]
DO $$
BEGIN
    IF to_regclass('domain_event_entry') IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO registry_entry (kind, id, account_id, name, parent_id, status, reason, registered_at, updated_at)
    SELECT 'brand', r.aggregate_identifier, r.payload::jsonb ->> 'accountId', r.payload::jsonb ->> 'legalName', NULL,
           CASE l.payload_type
               WHEN 'io.attest.gateway.domain.brand.BrandVerified' THEN 'VERIFIED'
               WHEN 'io.attest.gateway.domain.brand.BrandVettingFailed' THEN 'FAILED'
               WHEN 'io.attest.gateway.domain.brand.BrandSuspended' THEN 'SUSPENDED'
               ELSE 'PENDING' END,
           l.payload::jsonb ->> 'reason', r.time_stamp::timestamptz, l.time_stamp::timestamptz
    FROM domain_event_entry r
    JOIN LATERAL (SELECT e.payload_type, e.payload, e.time_stamp FROM domain_event_entry e
                  WHERE e.aggregate_identifier = r.aggregate_identifier
                  ORDER BY e.sequence_number DESC LIMIT 1) l ON true
    WHERE r.payload_type = 'io.attest.gateway.domain.brand.BrandRegistered'
    ON CONFLICT DO NOTHING;

    INSERT INTO registry_entry (kind, id, account_id, name, parent_id, status, reason, registered_at, updated_at)
    SELECT 'campaign', r.aggregate_identifier, r.payload::jsonb ->> 'accountId', r.payload::jsonb ->> 'useCase',
           r.payload::jsonb ->> 'brandId',
           CASE l.payload_type
               WHEN 'io.attest.gateway.domain.campaign.CampaignActivated' THEN 'ACTIVE'
               WHEN 'io.attest.gateway.domain.campaign.CampaignRejected' THEN 'REJECTED'
               WHEN 'io.attest.gateway.domain.campaign.CampaignSuspended' THEN 'SUSPENDED'
               WHEN 'io.attest.gateway.domain.campaign.CampaignExpired' THEN 'EXPIRED'
               ELSE 'PENDING' END,
           l.payload::jsonb ->> 'reason', r.time_stamp::timestamptz, l.time_stamp::timestamptz
    FROM domain_event_entry r
    JOIN LATERAL (SELECT e.payload_type, e.payload, e.time_stamp FROM domain_event_entry e
                  WHERE e.aggregate_identifier = r.aggregate_identifier
                  ORDER BY e.sequence_number DESC LIMIT 1) l ON true
    WHERE r.payload_type = 'io.attest.gateway.domain.campaign.CampaignRegistered'
    ON CONFLICT DO NOTHING;

    -- a number: the account and type of its last assignment, the campaign unless released since, verified or not
    INSERT INTO registry_entry (kind, id, account_id, name, parent_id, status, reason, registered_at, updated_at,
                                verified)
    SELECT 'number', a.aggregate_identifier, a.payload::jsonb ->> 'accountId', a.payload::jsonb ->> 'type',
           CASE WHEN l.payload_type = 'io.attest.gateway.domain.number.NumberAssigned'
                THEN a.payload::jsonb ->> 'campaignId' END,
           CASE WHEN l.payload_type <> 'io.attest.gateway.domain.number.NumberAssigned' THEN 'RELEASED'
                WHEN a.payload::jsonb ->> 'type' = 'TOLL_FREE' AND NOT EXISTS (
                    SELECT 1 FROM domain_event_entry v WHERE v.aggregate_identifier = a.aggregate_identifier
                    AND v.payload_type = 'io.attest.gateway.domain.number.TollFreeNumberVerified') THEN 'UNVERIFIED'
                ELSE 'SERVING' END,
           NULL, f.time_stamp::timestamptz, l.time_stamp::timestamptz,
           EXISTS (SELECT 1 FROM domain_event_entry v WHERE v.aggregate_identifier = a.aggregate_identifier
                   AND v.payload_type = 'io.attest.gateway.domain.number.TollFreeNumberVerified')
    FROM (SELECT DISTINCT ON (aggregate_identifier) aggregate_identifier, payload FROM domain_event_entry
          WHERE payload_type = 'io.attest.gateway.domain.number.NumberAssigned'
          ORDER BY aggregate_identifier, sequence_number DESC) a
    JOIN LATERAL (SELECT e.time_stamp FROM domain_event_entry e WHERE e.aggregate_identifier = a.aggregate_identifier
                  ORDER BY e.sequence_number LIMIT 1) f ON true
    JOIN LATERAL (SELECT e.payload_type, e.time_stamp FROM domain_event_entry e
                  WHERE e.aggregate_identifier = a.aggregate_identifier
                  AND e.payload_type IN ('io.attest.gateway.domain.number.NumberAssigned',
                                         'io.attest.gateway.domain.number.NumberReleased')
                  ORDER BY e.sequence_number DESC LIMIT 1) l ON true
    ON CONFLICT DO NOTHING;
END
$$;
-- [jooq ignore stop]
