-- Parts of concatenated submits of SMPP clients (user data header or SAR TLVs), kept until the last part of their
-- set arrives: the whole text is then sent as one message and the parts are removed. A set stays at most
-- gateway.smpp-server.part-expiry (10 minutes) incomplete. message_id: the id the set's message will have.
CREATE TABLE smpp_client_part (
    account_id  VARCHAR(64)              NOT NULL,
    source      VARCHAR(16)              NOT NULL,
    destination VARCHAR(16)              NOT NULL,
    reference   INTEGER                  NOT NULL,
    total       INTEGER                  NOT NULL,
    sequence    INTEGER                  NOT NULL,
    message_id  VARCHAR(64)              NOT NULL,
    octets      BYTEA                    NOT NULL,
    data_coding SMALLINT                 NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, source, destination, reference, total, sequence)
);
CREATE INDEX smpp_client_part_by_age ON smpp_client_part (received_at);

-- How many parts a message was submitted in: each part gets a receipt of its own.
ALTER TABLE smpp_client_message ADD COLUMN parts SMALLINT NOT NULL DEFAULT 1;
