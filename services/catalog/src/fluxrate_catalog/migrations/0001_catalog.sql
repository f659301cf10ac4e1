CREATE TABLE meters (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    name        text        NOT NULL,
    meter_token uuid        NOT NULL UNIQUE,
    aggregation text        NOT NULL,
    property    text        NOT NULL,
    filters     jsonb       NOT NULL,
    unit        text,
    description text,
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    UNIQUE (org_id, name)
);
CREATE INDEX meters_by_org ON meters (org_id, created_at DESC, id DESC);

CREATE TABLE features (
    id           uuid PRIMARY KEY,
    org_id       uuid        NOT NULL,
    name         text        NOT NULL,
    description  text,
    type         text        NOT NULL,
    meter_id     uuid REFERENCES meters (id),
    "limit"      numeric,
    reset_period text,
    value        jsonb,
    status       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      integer     NOT NULL,
    UNIQUE (org_id, name)
);
CREATE INDEX features_by_org ON features (org_id, created_at DESC, id DESC);

CREATE TABLE plans (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    name        text        NOT NULL,
    description text,
    type        text        NOT NULL,
    interval    text        NOT NULL,
    currency    text        NOT NULL,
    features    jsonb       NOT NULL,  -- [{feature_id, limit, value}]: the plan's entitlements
    status      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL
);
CREATE INDEX plans_by_org ON plans (org_id, created_at DESC, id DESC);

CREATE TABLE charges (
    id           uuid PRIMARY KEY,
    plan_id      uuid        NOT NULL REFERENCES plans (id),
    org_id       uuid        NOT NULL,
    position     integer     NOT NULL,
    type         text        NOT NULL,
    unit_price   numeric,
    meter_id     uuid REFERENCES meters (id),
    display_name text        NOT NULL,
    tier_mode    text,
    status       text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX charges_by_plan ON charges (plan_id, position);
CREATE INDEX charges_by_meter ON charges (meter_id);

CREATE TABLE charge_tiers (
    charge_id  uuid    NOT NULL REFERENCES charges (id),
    position   integer NOT NULL,
    up_to      numeric,
    unit_price numeric NOT NULL,
    flat_fee   numeric NOT NULL,
    PRIMARY KEY (charge_id, position)
);
