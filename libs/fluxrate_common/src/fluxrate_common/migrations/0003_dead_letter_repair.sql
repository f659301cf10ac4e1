-- Dead letters are repaired, not only kept: each says which org it belongs to (when its
-- envelope says) and whether an operator replayed or discarded it.
ALTER TABLE dead_letters ADD COLUMN org_id uuid;
ALTER TABLE dead_letters ADD COLUMN resolved_at timestamptz;
ALTER TABLE dead_letters ADD COLUMN resolution text;
CREATE INDEX dead_letters_open ON dead_letters (consumer, id) WHERE resolved_at IS NULL;
