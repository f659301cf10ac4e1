-- How an org presents itself to its customers (portal, invoice PDF), and where its portal
-- may be framed. Absent until first set: the org's name and no framing then.
CREATE TABLE org_branding (
    org_id                 uuid PRIMARY KEY REFERENCES orgs (id),
    name                   text,
    logo_url               text,
    accent_color           text,
    portal_allowed_origins text[]      NOT NULL,
    billing_address        jsonb,
    email                  text,
    tax_id                 text,
    updated_at             timestamptz NOT NULL,
    version                integer     NOT NULL
);
