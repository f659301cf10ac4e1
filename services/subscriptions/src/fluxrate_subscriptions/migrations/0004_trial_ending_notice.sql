-- A trial's customer is told three days before it ends (subscription.trial_ending, once): the
-- scheduler wakes for that notice as it does for a boundary.
ALTER TABLE subscriptions ADD COLUMN trial_ending_noticed boolean NOT NULL DEFAULT false;
UPDATE subscriptions
   SET next_boundary_at = greatest(started_at, least(next_boundary_at, trial_end - interval '3 days'))
 WHERE status = 'TRIAL' AND trial_end IS NOT NULL AND next_boundary_at IS NOT NULL;
