-- Package pricing: unit_price buys package_size units; free_units come first at no charge.
ALTER TABLE charges ADD COLUMN package_size bigint CHECK (package_size > 0);
ALTER TABLE charges ADD COLUMN free_units numeric CHECK (free_units >= 0);
