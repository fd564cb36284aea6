-- Least privilege for the role the gateway runs as, when it is not the role that owns the tables
-- (spring.flyway.user owns and migrates; spring.datasource.username runs; the placeholder names the latter,
-- docs/configuration.md). That role may read and append everywhere, but change or remove rows only in work
-- tables and read models: never in the event store, the audit trail or its checkpoints, and it cannot switch
-- their append-only triggers off (only an owner can). Repeatable: applied again whenever this file changes, so a
-- new table that the gateway updates or deletes from must be added to the lists below.
-- [jooq ignore start]
DO $$
DECLARE
    app text := '${application_role}';
    owner_role text := current_user;
BEGIN
    IF app = '' THEN
        RETURN; -- one role owns and runs (the embedded default): the triggers alone keep the records append-only
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app);
    EXECUTE format('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO %I', app);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO %I',
        owner_role, app);
    EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I',
        owner_role, app);
    -- work tables and read models the gateway updates or deletes from (SELECT ... FOR UPDATE needs UPDATE too)
    EXECUTE format('GRANT UPDATE, DELETE ON token_entry, idempotency_key, carrier_correlation, carrier_unmatched_receipt, '
        || 'webhook_endpoint, webhook_secret, webhook_fanout_cursor, webhook_delivery, delivery_status, '
        || 'carrier_inbound_segment, carrier_inbound_received, carrier_brand_day_usage, '
        || 'marketing_send, held_message, campaign_number, audit_export, gateway_node, receipt_query, campaign_pace, '
        || 'account_send_count, recipient_send, audit_export_chunk, message_text_key, smpp_bind_lease, '
        || 'smpp_client_credential, smpp_client_message, smpp_client_cursor, smpp_client_part, spend_limit, '
        || 'account_spend, registry_entry, bulk_send, bulk_send_row, email_gateway_account, email_gateway_credential, '
        || 'email_origin, email_fanout_cursor TO %I', app);
    -- read models rebuilt by replay are emptied first
    EXECUTE format('GRANT TRUNCATE ON delivery_status, message_timeline, message_charge, consent_ledger TO %I', app);
    -- and nothing more on the records, whatever was granted before
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON domain_event_entry, snapshot_event_entry, audit_entry, '
        || 'audit_checkpoint, account_event, webhook_attempt FROM %I', app);
END $$;
-- [jooq ignore stop]
