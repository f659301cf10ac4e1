CREATE TABLE counters (id uuid PRIMARY KEY, version integer NOT NULL DEFAULT 0);
CREATE TABLE tallies (aggregate_id uuid PRIMARY KEY, last_version integer NOT NULL,
                      applied integer NOT NULL);
CREATE TABLE applied_log (event_id uuid NOT NULL, aggregate_id uuid NOT NULL,
                          version integer NOT NULL, pid integer NOT NULL);
CREATE TABLE order_violations (event_id uuid NOT NULL, aggregate_id uuid NOT NULL,
                               expected integer NOT NULL, got integer NOT NULL);
