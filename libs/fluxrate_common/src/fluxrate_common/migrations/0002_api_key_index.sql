-- What every service needs to verify an API key locally: filled from identity's key events
-- (identity writes it in the same transaction as the key itself).
CREATE TABLE api_key_index (
    id         uuid PRIMARY KEY,
    org_id     uuid        NOT NULL,
    key_hash   bytea       NOT NULL UNIQUE,
    scopes     text[]      NOT NULL,
    revoked_at timestamptz,
    version    integer     NOT NULL
);

-- Tell every process's in-memory cache which key changed, at commit.
CREATE FUNCTION notify_api_key_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_TABLE_SCHEMA || '_api_keys', encode(NEW.key_hash, 'hex'));
    RETURN NULL;
END $$;
CREATE TRIGGER api_key_index_changed AFTER INSERT OR UPDATE ON api_key_index
    FOR EACH ROW EXECUTE FUNCTION notify_api_key_index();
