-- Exports on any node: the node that runs a job (claimed by one atomic update, so two nodes never write the same
-- bundle), and the bundle itself in the database, in chunks of up to 1 MiB, so that every node can hand it out.
ALTER TABLE audit_export ADD COLUMN node_id VARCHAR(200);

CREATE TABLE audit_export_chunk (
    export_id VARCHAR(40) NOT NULL REFERENCES audit_export (id),
    seq       INT         NOT NULL,
    bytes     BYTEA       NOT NULL,
    PRIMARY KEY (export_id, seq)
);
