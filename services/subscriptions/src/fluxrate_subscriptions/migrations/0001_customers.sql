CREATE TABLE customers (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    external_id text        NOT NULL,
    contact     bytea       NOT NULL,  -- Fernet: JSON of name, email, billing_address, tax_id
    metadata    jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer     NOT NULL,
    UNIQUE (org_id, external_id)
);
CREATE INDEX customers_by_org ON customers (org_id, created_at DESC, id DESC);
