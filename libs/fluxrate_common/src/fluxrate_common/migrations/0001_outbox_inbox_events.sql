-- The exactly-once machinery every service schema carries.

-- Domain events waiting to be published; written in the same transaction as the state change.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    event_id     uuid        NOT NULL,
    topic        text        NOT NULL,
    key          bytea,
    payload      bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();

-- Events a consumer has applied; its effect and this row commit together.
CREATE TABLE inbox (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

-- The append-only log of every state change of this service's aggregates: the audit trail.
CREATE TABLE events (
    seq            bigserial PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    org_id         uuid        NOT NULL,
    aggregate_type text        NOT NULL,
    aggregate_id   uuid        NOT NULL,
    version        integer     NOT NULL,
    type           text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    data           jsonb       NOT NULL,
    UNIQUE (aggregate_id, version)
);
CREATE INDEX events_by_org ON events (org_id, aggregate_type, aggregate_id);

-- Records a consumer could not apply, kept for inspection and replay instead of being dropped.
CREATE TABLE dead_letters (
    id          bigserial PRIMARY KEY,
    consumer    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    "offset"    bigint      NOT NULL,
    key         bytea,
    value       bytea,
    error       text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
