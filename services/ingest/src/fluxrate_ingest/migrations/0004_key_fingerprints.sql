-- What each idempotency key was first used for, so the same key sent with a different event
-- is refused (409) instead of answered "duplicate" while the new event is dropped. Keys kept
-- from before have none and stay plain duplicates until they expire.
ALTER TABLE edge_keys ADD COLUMN fingerprint bytea;
