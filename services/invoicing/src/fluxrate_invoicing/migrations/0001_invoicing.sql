-- Read models: org names (for emails), plans and subscriptions (for upcoming-invoice
-- previews). Customers' billing details arrive sealed in each period-end event.
CREATE TABLE orgs (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE plans (id uuid PRIMARY KEY, org_id uuid NOT NULL, snapshot jsonb NOT NULL,
                    version integer NOT NULL);
CREATE TABLE subscriptions (id uuid PRIMARY KEY, org_id uuid NOT NULL, snapshot jsonb NOT NULL,
                            version integer NOT NULL);

CREATE TABLE invoice_sequences (org_id uuid PRIMARY KEY, last bigint NOT NULL);

CREATE TABLE invoices (
    id                  uuid PRIMARY KEY,
    org_id              uuid          NOT NULL,
    number              text,  -- given when finalized, so issued numbers have no gaps
    status              text          NOT NULL,
    customer_id         uuid          NOT NULL,
    subscription_id     uuid          NOT NULL,
    period_start        timestamptz   NOT NULL,
    period_end          timestamptz   NOT NULL,
    period              jsonb         NOT NULL,  -- kind, reason, covered and period days
    currency            text          NOT NULL,
    subtotal            numeric       NOT NULL,
    total               numeric       NOT NULL,
    customer            bytea         NOT NULL,  -- sealed billing details as they were
    plan                jsonb         NOT NULL,  -- the plan and its charges as they stood
    finalize_at         timestamptz   NOT NULL,  -- the end of the review window
    due_date            timestamptz,
    finalized_at        timestamptz,
    paid_at             timestamptz,
    amount_paid         numeric,
    payment_reference   text,
    voided_at           timestamptz,
    uncollectible_at    timestamptz,
    overdue_reported_at timestamptz,
    created_at          timestamptz   NOT NULL,
    updated_at          timestamptz   NOT NULL,
    version             integer       NOT NULL,
    UNIQUE (org_id, number),
    UNIQUE (org_id, subscription_id, period_start, period_end)  -- one invoice per period
);
CREATE INDEX invoices_by_org ON invoices (org_id, created_at DESC, id DESC);
CREATE INDEX invoices_to_finalize ON invoices (finalize_at) WHERE status = 'DRAFT';
CREATE INDEX invoices_to_chase ON invoices (due_date)
    WHERE status = 'OPEN' AND overdue_reported_at IS NULL;

CREATE TABLE invoice_lines (
    invoice_id   uuid    NOT NULL REFERENCES invoices (id),
    position     integer NOT NULL,
    charge_id    uuid    NOT NULL,
    meter_id     uuid,
    type         text    NOT NULL,
    display_name text    NOT NULL,
    quantity     numeric NOT NULL,
    unit_price   numeric,
    proration    numeric NOT NULL,
    amount       numeric NOT NULL,
    tiers        jsonb   NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Emails to send, written with the finalization; the mailer sends each once.
CREATE TABLE email_outbox (
    id          bigserial PRIMARY KEY,
    org_id      uuid        NOT NULL,
    invoice_id  uuid        NOT NULL UNIQUE,
    message_id  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text,
    skipped     text  -- why it will not be sent (no email address)
);
CREATE INDEX email_outbox_pending ON email_outbox (id) WHERE sent_at IS NULL AND skipped IS NULL;
