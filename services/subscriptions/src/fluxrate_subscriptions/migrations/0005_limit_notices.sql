-- Each threshold (80 %, 100 %) of a metered feature's limit is announced once per reset window
-- (entitlement.limit_reached): the notice and its outbox row commit together, and this key
-- makes a second announcement impossible, whichever replica looks.
CREATE TABLE limit_notices (
    subscription_id uuid        NOT NULL,
    feature_id      uuid        NOT NULL,
    window_start    timestamptz NOT NULL,
    threshold       smallint    NOT NULL,
    org_id          uuid        NOT NULL,
    usage           numeric     NOT NULL,
    noticed_at      timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, feature_id, window_start, threshold)
);
