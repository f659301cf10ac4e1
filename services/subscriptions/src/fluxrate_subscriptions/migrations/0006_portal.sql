-- Customer portal sessions: a short-lived, read-only link for one customer, revocable on its own.
CREATE TABLE portal_sessions (
    id          uuid PRIMARY KEY,
    org_id      uuid        NOT NULL,
    customer_id uuid        NOT NULL REFERENCES customers (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    version     integer     NOT NULL
);
CREATE INDEX portal_sessions_by_customer ON portal_sessions (org_id, customer_id, created_at DESC, id DESC);

-- Read models for the portal: each org's branding (identity's org events) and what customers
-- may see of their invoices (invoicing's events; drafts and failed ones stay hidden).
CREATE TABLE org_branding (
    org_id   uuid PRIMARY KEY,
    snapshot jsonb   NOT NULL,
    version  integer NOT NULL
);
CREATE TABLE portal_invoices (
    id          uuid PRIMARY KEY,
    org_id      uuid    NOT NULL,
    customer_id uuid    NOT NULL,
    status      text    NOT NULL,
    summary     jsonb   NOT NULL,
    version     integer NOT NULL
);
CREATE INDEX portal_invoices_by_customer ON portal_invoices (org_id, customer_id);
