-- Sessions revoked (signed out, or a refresh token reused) while their access tokens may still
-- be unexpired: every service refuses those tokens. Filled from identity's session events
-- (identity writes its own in the revoking transaction); a row is useless after `expires_at`,
-- when the last access token the session could have issued has expired.
CREATE TABLE revoked_sessions (
    session_id uuid PRIMARY KEY,
    org_id     uuid        NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX revoked_sessions_by_expiry ON revoked_sessions (expires_at);

-- Tell every process's in-memory list which session was revoked, at commit.
CREATE FUNCTION notify_revoked_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_sessions', NEW.session_id::text);
    RETURN NULL;
END $$;
CREATE TRIGGER revoked_session_added AFTER INSERT OR UPDATE ON revoked_sessions
    FOR EACH ROW EXECUTE FUNCTION notify_revoked_session();
