-- Edge keys survive a PostgreSQL crash. An event sent without its own timestamp is stamped by
-- ingest when its key is first claimed, and the aggregator recognises copies of an event by
-- (org, key, timestamp) within its retention window: a retry must therefore find the key here
-- (answered "duplicate") rather than be stamped a second time, also after a crash.
ALTER TABLE edge_keys SET LOGGED;
