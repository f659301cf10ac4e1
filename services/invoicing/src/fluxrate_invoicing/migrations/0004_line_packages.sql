-- A package-priced line keeps how its quantity filled packages, as the invoice showed it.
ALTER TABLE invoice_lines ADD COLUMN packages jsonb;
