-- The messages still waiting for their receipt, longest waiting first, for the receipt watch.
CREATE INDEX delivery_status_submitted ON delivery_status (updated_at) WHERE status = 'SUBMITTED';
