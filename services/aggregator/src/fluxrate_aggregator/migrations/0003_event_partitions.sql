-- Raw usage events in daily partitions by the event's own timestamp (UTC), so the cost of
-- storing an event depends on one day's volume, not on the whole history, and a day past the
-- retention window is dropped whole (rollups and distinct values are kept for good).
--
-- Deduplication: every copy of an event carries the same timestamp (the client's, or the one
-- ingest stamped on it once when it first claimed the key), so copies meet on the primary key
-- (org_id, idempotency_key, ts) inside one partition. It holds while that day is kept: the
-- writer sets aside any event older than the retention window instead of counting it.

-- Which ranges of days have a partition (what `ensure_usage_partition` and the retention job
-- read; PostgreSQL keeps the bounds only as expressions).
CREATE TABLE usage_event_partitions (
    name   text PRIMARY KEY,
    starts date NOT NULL,  -- first day held (-infinity: everything before `ends`)
    ends   date NOT NULL   -- first day not held
);

ALTER TABLE usage_events RENAME TO usage_events_unpartitioned;
ALTER INDEX usage_events_pkey RENAME TO usage_events_unpartitioned_pkey;
ALTER INDEX usage_events_log RENAME TO usage_events_unpartitioned_log;
ALTER INDEX usage_events_by_customer RENAME TO usage_events_unpartitioned_by_customer;

CREATE TABLE usage_events (
    org_id          uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    id              uuid        NOT NULL,
    meter_id        uuid        NOT NULL,
    customer_id     uuid        NOT NULL,
    aggregation     text        NOT NULL,
    ts              timestamptz NOT NULL,
    value           numeric,
    unique_value    text,
    properties      jsonb       NOT NULL,
    counted         boolean     NOT NULL,  -- false when the meter's filters leave it out
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (org_id, idempotency_key, ts)
) PARTITION BY RANGE (ts);
CREATE INDEX usage_events_log ON usage_events (org_id, id DESC);
CREATE INDEX usage_events_by_customer ON usage_events (org_id, customer_id, meter_id, ts);

-- One day's partition, created (or, when a loader filled a table of that name, attached) unless
-- a partition already holds that day. Attaching, not CREATE ... PARTITION OF, so readers and the
-- writer are not blocked (SHARE UPDATE EXCLUSIVE on the parent).
CREATE FUNCTION ensure_usage_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    partition_name text := 'usage_events_p' || to_char(day, 'YYYYMMDD');
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.usage_event_partitions'));
    IF EXISTS (SELECT 1 FROM usage_event_partitions WHERE starts <= day AND day < ends) THEN
        RETURN;
    END IF;
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I (LIKE usage_events INCLUDING DEFAULTS)',
                   partition_name);
    EXECUTE format('ALTER TABLE usage_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                   partition_name, day::timestamp AT TIME ZONE 'UTC',
                   (day + 1)::timestamp AT TIME ZONE 'UTC');
    INSERT INTO usage_event_partitions (name, starts, ends) VALUES (partition_name, day, day + 1);
END $$;

-- What was stored before: the last 40 days (more than ingest's default backfill) get their own
-- days; everything older goes into one partition that the retention job drops whole once the
-- window has passed it.
DO $$
DECLARE
    first_day date := (now() AT TIME ZONE 'UTC')::date - 40;
    day date;
BEGIN
    CREATE TABLE usage_events_before (LIKE usage_events INCLUDING DEFAULTS);
    EXECUTE format('ALTER TABLE usage_events ATTACH PARTITION usage_events_before'
                   ' FOR VALUES FROM (MINVALUE) TO (%L)', first_day::timestamp AT TIME ZONE 'UTC');
    INSERT INTO usage_event_partitions (name, starts, ends)
        VALUES ('usage_events_before', '-infinity', first_day);
    FOR day IN SELECT DISTINCT (ts AT TIME ZONE 'UTC')::date FROM usage_events_unpartitioned
                WHERE ts >= first_day::timestamp AT TIME ZONE 'UTC'
    LOOP
        PERFORM ensure_usage_partition(day);
    END LOOP;
END $$;

INSERT INTO usage_events SELECT * FROM usage_events_unpartitioned;
DROP TABLE usage_events_unpartitioned;
