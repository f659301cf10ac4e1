-- Endpoints an org registered, with their signing secrets sealed (Fernet) at rest. A rotated
-- secret keeps signing alongside the new one until previous_secret_expires_at.
CREATE TABLE endpoints (
    id                         uuid PRIMARY KEY,
    org_id                     uuid        NOT NULL,
    url                        text        NOT NULL,
    description                text,
    event_types                text[]      NOT NULL,
    enabled                    boolean     NOT NULL,
    disabled_reason            text,
    disabled_at                timestamptz,
    secret                     bytea       NOT NULL,
    previous_secret            bytea,
    previous_secret_expires_at timestamptz,
    failing_since              timestamptz,  -- the first failure since the last success
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL,
    version                    integer     NOT NULL
);
CREATE INDEX endpoints_by_org ON endpoints (org_id, created_at DESC, id DESC);

-- One row per webhook, its body sealed: every attempt of every delivery sends these bytes.
-- The id is the catalogue event's, so webhook-id is the same on every retry and replay.
CREATE TABLE messages (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    type        text        NOT NULL,
    payload     bytea       NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX messages_created ON messages (created_at);

-- A message to one endpoint: pending until a 2xx (succeeded) or the retry window ends
-- (failed). Claiming moves next_attempt_at past the attempt's longest duration (a lease), so a
-- worker that dies mid-request leaves the delivery due again; `claim` names the attempt whose
-- result may settle it.
CREATE TABLE deliveries (
    id               uuid PRIMARY KEY,
    org_id           uuid        NOT NULL,
    endpoint_id      uuid        NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
    message_id       uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    event_type       text        NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL DEFAULT 0,
    round_attempts   integer     NOT NULL DEFAULT 0,  -- since the round (first send or replay) began
    round_started_at timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    claim            uuid,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    succeeded_at     timestamptz,
    created_at       timestamptz NOT NULL,
    UNIQUE (endpoint_id, message_id)
);
CREATE INDEX deliveries_due ON deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at DESC, id DESC);
CREATE INDEX deliveries_pending_age ON deliveries (created_at) WHERE status = 'pending';

-- Every attempt: when, what came back (status, the start of the body), how long it took.
CREATE TABLE attempts (
    id               bigserial PRIMARY KEY,
    delivery_id      uuid        NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempted_at     timestamptz NOT NULL,
    status_code      integer,
    latency_ms       integer     NOT NULL,
    response_excerpt text,
    error            text
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, id);
