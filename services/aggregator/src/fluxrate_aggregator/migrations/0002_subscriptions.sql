-- Which customer a subscription bills, and its current period: for usage by subscription.
CREATE TABLE subscriptions (
    id                   uuid PRIMARY KEY,
    org_id               uuid        NOT NULL,
    customer_id          uuid        NOT NULL,
    current_period_start timestamptz NOT NULL,
    current_period_end   timestamptz NOT NULL,
    version              integer     NOT NULL
);
