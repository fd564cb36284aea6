-- Carrier message ids of a second or later connection carry its name (b:4f2a...): up to 21 characters before
-- an SMSC id of up to 65.
ALTER TABLE carrier_correlation ALTER COLUMN carrier_message_id TYPE VARCHAR(100);
ALTER TABLE carrier_unmatched_receipt ALTER COLUMN carrier_message_id TYPE VARCHAR(100);
