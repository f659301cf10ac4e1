-- Each org's branding (name, colour, address), read from identity's org events: what invoice
-- PDFs and the portal show.
CREATE TABLE org_branding (
    org_id   uuid PRIMARY KEY,
    snapshot jsonb   NOT NULL,
    version  integer NOT NULL
);
