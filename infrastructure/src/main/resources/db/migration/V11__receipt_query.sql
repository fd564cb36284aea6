-- When the gateway last asked the SMSC (query_sm) about a submitted message whose receipt has not come.
-- A work table: a row is forgotten once its message is no longer waiting.

CREATE TABLE receipt_query (
    message_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    asked_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
