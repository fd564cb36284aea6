-- Segments of concatenated inbound messages (user data header or SAR), kept until every segment of their message
-- has arrived; the whole message is then received and its segments removed, in one transaction. A segment the
-- SMSC sends again is stored once.

CREATE TABLE carrier_inbound_segment (
    source_number      VARCHAR(16)              NOT NULL,
    destination_number VARCHAR(16)              NOT NULL,
    reference          INTEGER                  NOT NULL,
    total              INTEGER                  NOT NULL,
    sequence           INTEGER                  NOT NULL,
    text               TEXT                     NOT NULL,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source_number, destination_number, reference, total, sequence)
);
