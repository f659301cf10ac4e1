-- Read models ingest validates against, filled from catalog and subscriptions events.
CREATE TABLE meters (
    id          uuid PRIMARY KEY,
    org_id      uuid    NOT NULL,
    name        text    NOT NULL,
    meter_token uuid    NOT NULL,
    aggregation text    NOT NULL,
    property    text    NOT NULL,
    filters     jsonb   NOT NULL,
    status      text    NOT NULL,
    version     integer NOT NULL
);

CREATE TABLE customers (
    id          uuid PRIMARY KEY,
    org_id      uuid    NOT NULL,
    external_id text    NOT NULL,
    version     integer NOT NULL
);
CREATE INDEX customers_by_external_id ON customers (org_id, external_id);

CREATE FUNCTION notify_meter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_meters', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER meter_changed AFTER INSERT OR UPDATE ON meters
    FOR EACH ROW EXECUTE FUNCTION notify_meter();

CREATE FUNCTION notify_customer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_customers',
                      NEW.org_id::text || ' ' || NEW.id::text || ' ' || NEW.external_id);
    RETURN NULL;
END $$;
CREATE TRIGGER customer_added AFTER INSERT ON customers
    FOR EACH ROW EXECUTE FUNCTION notify_customer();

-- Idempotency keys seen at the edge, so a repeat is answered "duplicate". UNLOGGED: nothing
-- rests on it surviving a PostgreSQL crash — the aggregator's unique key is what stops a
-- double count; this table only makes the answer to a retry exact.
CREATE UNLOGGED TABLE edge_keys (
    org_id          uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    event_id        uuid        NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (org_id, idempotency_key)
);
CREATE INDEX edge_keys_received ON edge_keys (received_at);
