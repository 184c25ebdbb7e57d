-- cvdhub schema v4: a counter of committed changes, incremented by every
-- versioned write of any process (the server and the CLI alike), so cached
-- views know when they are stale. The audit log does not move it.
CREATE TABLE store_generation (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO store_generation (id, value) VALUES (1, 0);
