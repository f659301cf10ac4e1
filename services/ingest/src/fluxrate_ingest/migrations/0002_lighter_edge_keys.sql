-- The hot path only needs the key and when it arrived (for pruning); the event id was unused.
ALTER TABLE edge_keys DROP COLUMN event_id;
ALTER TABLE edge_keys ALTER COLUMN received_at SET DEFAULT now();
