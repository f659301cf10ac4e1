CREATE TABLE orgs (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE users (
    id            uuid PRIMARY KEY,
    org_id        uuid        NOT NULL REFERENCES orgs (id),
    email         text        NOT NULL UNIQUE,  -- normalised to lower case
    password_hash text        NOT NULL,         -- argon2id
    created_at    timestamptz NOT NULL,
    last_login_at timestamptz
);

-- Refresh tokens are random and stored only as SHA-256; logout revokes one.
CREATE TABLE refresh_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    org_id     uuid        NOT NULL REFERENCES orgs (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    org_id       uuid        NOT NULL REFERENCES orgs (id),
    name         text        NOT NULL,
    scopes       text[]      NOT NULL,
    prefix       text        NOT NULL,
    key_hash     bytea       NOT NULL UNIQUE,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    version      integer     NOT NULL
);
CREATE INDEX api_keys_by_org ON api_keys (org_id, created_at DESC, id DESC);
