-- Signed checkpoints of each account's audit chain head (docs/audit-chain.md): the gateway's Ed25519 key signs
-- "attest-audit-checkpoint/v1", the account, the entry number, the entry's hash and the time, one per line.
-- A checkpoint exported and kept outside the database anchors the chain: rewriting history up to it would need
-- the key. Append-only, like the entries.
CREATE TABLE audit_checkpoint (
    account_id   VARCHAR(64)              NOT NULL,
    entry_number BIGINT                   NOT NULL,
    head_hash    CHAR(64)                 NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id       VARCHAR(64)              NOT NULL,
    signature    VARCHAR(200)             NOT NULL,
    PRIMARY KEY (account_id, entry_number)
);

-- [jooq ignore start]
CREATE FUNCTION refuse_checkpoint_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_checkpoint_append_only
    BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION refuse_checkpoint_change();

CREATE TRIGGER audit_checkpoint_no_truncate
    BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_checkpoint_change();
-- [jooq ignore stop]
