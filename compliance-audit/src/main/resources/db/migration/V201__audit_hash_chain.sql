-- Tamper evidence for the audit trail: every entry carries the hash of the entry before it and its own
-- hash over its canonical form (docs/audit-chain.md), so an edited, deleted, inserted or reordered entry
-- breaks the chain at that point. Entries are append-only for everyone.
ALTER TABLE audit_entry ADD COLUMN previous_hash CHAR(64);
ALTER TABLE audit_entry ADD COLUMN entry_hash CHAR(64);
-- consent entries name a consent (<brand>/<subscriber>), longer than a message id
ALTER TABLE audit_entry ALTER COLUMN message_id TYPE VARCHAR(255);

-- [jooq ignore start]
-- Entries written before the chain existed have no hashes: the trail is derived from the event store,
-- so it is emptied here and the 'audit-trail' processor writes it again, chained, from the first event.
DO $$
BEGIN
    DELETE FROM audit_entry;
    IF to_regclass('token_entry') IS NOT NULL THEN
        DELETE FROM token_entry WHERE processor_name = 'audit-trail';
    END IF;
END $$;
-- [jooq ignore stop]

-- [jooq ignore start] (jOOQ's DDL parser, used to generate code, does not read PL/pgSQL)
CREATE FUNCTION refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();

CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
-- [jooq ignore stop]
