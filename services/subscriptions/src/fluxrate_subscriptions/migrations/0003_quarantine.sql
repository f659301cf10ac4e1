-- A subscription the scheduler cannot advance (data no code path expected) is set aside with
-- its reason instead of failing every pass: the others keep ending their periods, and an
-- operator sees it (metric, operator API) and releases it once fixed.
ALTER TABLE subscriptions ADD COLUMN quarantined_at timestamptz;
ALTER TABLE subscriptions ADD COLUMN quarantine_reason text;
DROP INDEX subscriptions_due;
CREATE INDEX subscriptions_due ON subscriptions (next_boundary_at)
    WHERE next_boundary_at IS NOT NULL AND quarantined_at IS NULL;
CREATE INDEX subscriptions_quarantined ON subscriptions (quarantined_at) WHERE quarantined_at IS NOT NULL;
