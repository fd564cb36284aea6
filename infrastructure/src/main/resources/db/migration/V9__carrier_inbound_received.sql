-- Segments of inbound messages already received (whole, or with parts missing), kept for a while so a segment the
-- SMSC sends again (its deliver_sm_resp was lost) is acknowledged and dropped instead of starting a new message.

CREATE TABLE carrier_inbound_received (
    source_number      VARCHAR(16)              NOT NULL,
    destination_number VARCHAR(16)              NOT NULL,
    reference          INTEGER                  NOT NULL,
    total              INTEGER                  NOT NULL,
    sequence           INTEGER                  NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source_number, destination_number, reference, total, sequence)
);
