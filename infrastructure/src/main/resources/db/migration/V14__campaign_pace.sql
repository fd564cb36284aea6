-- Each campaign's next free sending time, shared by the gateway nodes so that together they keep to its carrier cap.
CREATE TABLE campaign_pace (
    campaign_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    next_free   TIMESTAMP WITH TIME ZONE NOT NULL
);
