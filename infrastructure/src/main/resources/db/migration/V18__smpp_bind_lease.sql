-- Binds of a carrier connection leased across the gateway nodes (docs/operations.md#several-nodes-on-one-database):
-- the carrier allows a system_id so many binds, and a node opens a bind only while it holds a slot's lease here. A
-- lease is renewed every balance interval and runs out when its node stops renewing it (it died), so another takes it.
CREATE TABLE smpp_bind_lease (
    connection  VARCHAR(64)              NOT NULL,
    slot        INTEGER                  NOT NULL,
    node_id     VARCHAR(200)             NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connection, slot)
);
