-- The event store is the audit trail: an event, once stored, is never changed or removed. Axon only
-- ever inserts into domain_event_entry; this trigger makes the database refuse anything else, whoever
-- asks (an operator's manual fix included). Snapshots and tokens stay writable: they are derived.
-- [jooq ignore start] (jOOQ's DDL parser, used to generate code, does not read PL/pgSQL)
CREATE FUNCTION refuse_event_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'domain_event_entry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER domain_event_entry_append_only
    BEFORE UPDATE OR DELETE ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();

CREATE TRIGGER domain_event_entry_no_truncate
    BEFORE TRUNCATE ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
-- [jooq ignore stop]
