-- The gateway nodes running on this database, each with the time it last said it was alive. Nodes share the event
-- processors' segments by it: each takes no more than its fair share of the live nodes' work.

CREATE TABLE gateway_node (
    node_id      VARCHAR(200)             NOT NULL PRIMARY KEY,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL
);
