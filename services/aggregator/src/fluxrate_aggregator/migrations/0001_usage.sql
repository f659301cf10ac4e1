-- Every usage event once: the primary key is what makes retries, producer re-sends and
-- consumer replays harmless.
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
    PRIMARY KEY (org_id, idempotency_key)
);
CREATE INDEX usage_events_log ON usage_events (org_id, id DESC);
CREATE INDEX usage_events_by_customer ON usage_events (org_id, customer_id, meter_id, ts);

-- Hourly rollups per org, meter and customer; an event lands in the hour of its own timestamp.
CREATE TABLE usage_rollups (
    org_id      uuid        NOT NULL,
    meter_id    uuid        NOT NULL,
    customer_id uuid        NOT NULL,
    bucket      timestamptz NOT NULL,
    aggregation text        NOT NULL,
    sum         numeric     NOT NULL,
    count       bigint      NOT NULL,
    max         numeric,
    last_value  numeric,
    last_ts     timestamptz,
    PRIMARY KEY (org_id, meter_id, customer_id, bucket)
);

-- The distinct values UNIQUE_COUNT meters count, per hour.
CREATE TABLE usage_uniques (
    org_id      uuid        NOT NULL,
    meter_id    uuid        NOT NULL,
    customer_id uuid        NOT NULL,
    bucket      timestamptz NOT NULL,
    value       text        NOT NULL,
    PRIMARY KEY (org_id, meter_id, customer_id, bucket, value)
);

-- Read models for queries.
CREATE TABLE meters (
    id          uuid PRIMARY KEY,
    org_id      uuid    NOT NULL,
    name        text    NOT NULL,
    aggregation text    NOT NULL,
    version     integer NOT NULL
);
CREATE TABLE customers (
    id          uuid PRIMARY KEY,
    org_id      uuid    NOT NULL,
    external_id text    NOT NULL
);
CREATE INDEX customers_by_external_id ON customers (org_id, external_id);
