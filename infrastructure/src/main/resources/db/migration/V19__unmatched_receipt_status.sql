-- A receipt's status can be the gateway's own record of a query_sm answer ("query_sm DELIVERED"), longer than the
-- SMSC's seven-letter states.
ALTER TABLE carrier_unmatched_receipt ALTER COLUMN carrier_status TYPE VARCHAR(40);
