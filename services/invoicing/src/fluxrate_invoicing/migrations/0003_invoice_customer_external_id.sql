-- The customer's own id as it was when the period ended (period-end events carry it; a
-- customer's external id never changes), so invoices can be listed by it without a read model.
-- Invoices drafted before this column existed keep NULL.
ALTER TABLE invoices ADD COLUMN customer_external_id text;
CREATE INDEX invoices_by_customer_external_id
    ON invoices (org_id, customer_external_id, created_at DESC, id DESC)
    WHERE customer_external_id IS NOT NULL;
