-- A session is one sign-in. Its access tokens name it (`sid`) and its refresh tokens rotate
-- within it (the "family"); signing out, or reusing a refresh token, revokes all of it.
CREATE TABLE sessions (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id),
    org_id         uuid        NOT NULL REFERENCES orgs (id),
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text
);

-- Refresh tokens issued before sessions existed each become a session of their own.
ALTER TABLE refresh_tokens ADD COLUMN session_id uuid;
UPDATE refresh_tokens SET session_id = gen_random_uuid();
INSERT INTO sessions (id, user_id, org_id, created_at, revoked_at, revoked_reason)
    SELECT session_id, user_id, org_id, created_at, revoked_at,
           CASE WHEN revoked_at IS NULL THEN NULL ELSE 'signed_out' END
    FROM refresh_tokens;
ALTER TABLE refresh_tokens ALTER COLUMN session_id SET NOT NULL,
    ADD FOREIGN KEY (session_id) REFERENCES sessions (id);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (session_id);

-- Failed sign-ins per account (`account:<email>`) and per client (`client:<address>`), for
-- growing delays; forgotten after a day without failures.
CREATE TABLE login_failures (
    subject         text PRIMARY KEY,
    failures        integer     NOT NULL,
    last_failure_at timestamptz NOT NULL,
    locked_until    timestamptz
);
CREATE INDEX login_failures_by_age ON login_failures (last_failure_at);
