-- Old carrier ids and kept receipts are forgotten on a schedule (gateway.receipts.*-retention): found by their age.
CREATE INDEX carrier_correlation_by_age ON carrier_correlation (recorded_at);
CREATE INDEX carrier_unmatched_receipt_by_age ON carrier_unmatched_receipt (received_at);
