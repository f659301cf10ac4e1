-- Every usage message ingest published and acknowledged (202), until the aggregator's receipt
-- says it stored it. An acknowledgement rests on this row, not on the broker: a broker that
-- loses a message (in memory, restarted; retention; a recreated topic) only delays it, because
-- what is still here is published again and the aggregator drops what it already has.
CREATE TABLE unconfirmed_usage (
    message_id   uuid        PRIMARY KEY,
    partition    integer     NOT NULL,
    payload      bytea       NOT NULL,
    published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    redeliveries integer     NOT NULL DEFAULT 0
);
CREATE INDEX unconfirmed_usage_by_age ON unconfirmed_usage (published_at);

-- Per usage partition, the publish time of the newest message the aggregator has confirmed:
-- it reads a partition in order, so an older message still unconfirmed here was lost.
CREATE TABLE usage_partition_progress (
    partition         integer     PRIMARY KEY,
    confirmed_through timestamptz NOT NULL
);
