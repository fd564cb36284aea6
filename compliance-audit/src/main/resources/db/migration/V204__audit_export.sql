-- Export jobs of compliance officers: what was asked, by whom, and how far the bundle is. The request itself is
-- also an event in the event store and an entry of the account's audit chain (AuditBundleExported).
CREATE TABLE audit_export (
    id            VARCHAR(40)              NOT NULL PRIMARY KEY,
    account_id    VARCHAR(64)              NOT NULL,
    requested_by  VARCHAR(200)             NOT NULL,
    subscriber    VARCHAR(16),
    campaign_id   VARCHAR(64),
    range_from    TIMESTAMP WITH TIME ZONE,
    range_to      TIMESTAMP WITH TIME ZONE,
    -- QUEUED, RUNNING, DONE, FAILED
    status        VARCHAR(12)              NOT NULL,
    rows_total    BIGINT,
    rows_done     BIGINT,
    bundle_sha256 CHAR(64),
    bundle_bytes  BIGINT,
    error         VARCHAR(1000),
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX audit_export_by_account ON audit_export (account_id, requested_at);
