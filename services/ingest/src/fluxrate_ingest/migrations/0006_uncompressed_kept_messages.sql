-- A kept message is written once and deleted within seconds of its receipt: compressing it
-- (pglz, tens of KB a message) cost PostgreSQL more CPU than the rest of keeping and confirming
-- it. Stored out of line, uncompressed, from now on (rows already kept stay as they are).
ALTER TABLE unconfirmed_usage ALTER COLUMN payload SET STORAGE EXTERNAL;
