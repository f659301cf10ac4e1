-- A period that cannot be priced becomes a FAILED invoice saying why (visible, retried once
-- fixed), never a missing one.
ALTER TABLE invoices ADD COLUMN failure_reason text;
