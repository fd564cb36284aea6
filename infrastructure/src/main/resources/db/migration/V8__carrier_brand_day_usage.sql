-- Segments each brand submitted per carrier day (midnight to midnight Pacific), for the carriers' daily brand caps.
-- Every gateway node counts in the same row, in one atomic statement per message.

CREATE TABLE carrier_brand_day_usage (
    brand_id VARCHAR(64) NOT NULL,
    day      DATE        NOT NULL,
    segments BIGINT      NOT NULL,
    PRIMARY KEY (brand_id, day)
);
