-- Read models of the catalog: plans (with charges and features) and features, as published.
CREATE TABLE plans (
    id       uuid PRIMARY KEY,
    org_id   uuid    NOT NULL,
    snapshot jsonb   NOT NULL,
    version  integer NOT NULL
);
CREATE TABLE features (
    id       uuid PRIMARY KEY,
    org_id   uuid    NOT NULL,
    snapshot jsonb   NOT NULL,
    version  integer NOT NULL
);
CREATE FUNCTION notify_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_plans', NEW.id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER plan_changed AFTER INSERT OR UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION notify_plan();

CREATE TABLE subscriptions (
    id                   uuid PRIMARY KEY,
    org_id               uuid        NOT NULL,
    customer_id          uuid        NOT NULL REFERENCES customers (id),
    plan_id              uuid        NOT NULL,
    interval             text        NOT NULL,
    status               text        NOT NULL,
    started_at           timestamptz NOT NULL,
    trial_end            timestamptz,
    end_date             timestamptz,
    anchor               timestamptz NOT NULL,
    period_index         integer     NOT NULL,
    current_period_start timestamptz NOT NULL,
    current_period_end   timestamptz NOT NULL,
    segment_start        timestamptz NOT NULL,
    cancel_at_period_end boolean     NOT NULL,
    pending_plan_id      uuid,
    paused_at            timestamptz,
    paused_seconds       integer     NOT NULL,
    canceled_at          timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              integer     NOT NULL,
    next_boundary_at     timestamptz  -- when the scheduler must act next; NULL once canceled
);
CREATE INDEX subscriptions_due ON subscriptions (next_boundary_at) WHERE next_boundary_at IS NOT NULL;
CREATE INDEX subscriptions_by_org ON subscriptions (org_id, created_at DESC, id DESC);
CREATE INDEX subscriptions_by_customer ON subscriptions (org_id, customer_id);
