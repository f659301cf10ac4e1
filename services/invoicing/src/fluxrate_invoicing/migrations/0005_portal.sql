-- Each org's branding (name, colour, address), read from identity's org events: what invoice
-- PDFs and the portal show.
CREATE TABLE org_branding (
    org_id   uuid PRIMARY KEY,
    snapshot jsonb   NOT NULL,
    version  integer NOT NULL
);

-- The org's logo as invoice PDFs print it: fetched from `snapshot.logo_url` by the logo fetcher
-- (logos.py), kept with the address it came from; a failed fetch keeps its reason instead.
ALTER TABLE org_branding
    ADD COLUMN logo            bytea,
    ADD COLUMN logo_source     text,
    ADD COLUMN logo_error      text,
    ADD COLUMN logo_fetched_at timestamptz;
