-- Portal sessions revoked before they expire, kept until they would have expired anyway: every
-- service that answers portal requests refuses them (filled from subscriptions' events; the
-- owner writes its own rows in the revoking transaction).
CREATE TABLE portal_revocations (
    session_id uuid PRIMARY KEY,
    org_id     uuid        NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE FUNCTION notify_portal_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_portal_revocations', NEW.session_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER portal_revocation_added AFTER INSERT ON portal_revocations
    FOR EACH ROW EXECUTE FUNCTION notify_portal_revocation();
