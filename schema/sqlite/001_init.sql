-- cvdhub schema v1: accounts, intake and triage, cases, the event log.
-- Timestamps are INTEGER seconds since the Unix epoch, UTC. Dates are TEXT YYYY-MM-DD (JST calendar).

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL,
  language      TEXT NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'en')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE sequences (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);

CREATE TABLE reports (
  id                     INTEGER PRIMARY KEY,
  intake_number          TEXT NOT NULL UNIQUE,
  kind                   TEXT NOT NULL CHECK (kind IN ('software', 'website')),
  source                 TEXT NOT NULL,
  title                  TEXT NOT NULL,
  product_name           TEXT NOT NULL,
  product_version        TEXT NOT NULL,
  product_url            TEXT NOT NULL,
  discovery_method       TEXT NOT NULL,
  tools_used             TEXT NOT NULL,
  reproduction           TEXT NOT NULL,
  impact                 TEXT NOT NULL,
  publicly_known         INTEGER NOT NULL,
  public_reference       TEXT NOT NULL,
  time_constraints       TEXT NOT NULL,
  vendor_contacted       INTEGER NOT NULL,
  vendor_contact_details TEXT NOT NULL,
  finder_name            TEXT NOT NULL,
  finder_contact         TEXT NOT NULL,
  wants_credit           INTEGER NOT NULL,
  credit_name            TEXT NOT NULL,
  language               TEXT NOT NULL,
  finder_user_id         INTEGER REFERENCES users(id),
  status                 TEXT NOT NULL,
  prio_wide_effect       INTEGER NOT NULL DEFAULT 0,
  prio_critical_infra    INTEGER NOT NULL DEFAULT 0,
  prio_large_user_base   INTEGER NOT NULL DEFAULT 0,
  decline_reason         TEXT,
  decision_note          TEXT NOT NULL DEFAULT '',
  received_at            INTEGER NOT NULL,
  ack_deadline           TEXT NOT NULL,
  acknowledged_at        INTEGER,
  decided_at             INTEGER,
  case_id                INTEGER REFERENCES cases(id),
  case_identifier        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reports_finder ON reports(finder_user_id);
CREATE INDEX reports_status ON reports(status);

CREATE TABLE attachments (
  id           INTEGER PRIMARY KEY,
  report_id    INTEGER NOT NULL REFERENCES reports(id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BLOB NOT NULL,
  uploaded_by  INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_report ON attachments(report_id);

CREATE TABLE messages (
  id          INTEGER PRIMARY KEY,
  report_id   INTEGER NOT NULL REFERENCES reports(id),
  author_id   INTEGER NOT NULL DEFAULT 0,
  author_name TEXT NOT NULL,
  author_role TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX messages_report ON messages(report_id);

-- Append-only: the triggers below refuse UPDATE and DELETE.
CREATE TABLE events (
  id           INTEGER PRIMARY KEY,
  subject_type TEXT NOT NULL,
  subject_id   INTEGER NOT NULL,
  actor_id     INTEGER NOT NULL DEFAULT 0,
  actor_name   TEXT NOT NULL,
  at           INTEGER NOT NULL,
  action       TEXT NOT NULL,
  field        TEXT NOT NULL DEFAULT '',
  from_value   TEXT NOT NULL DEFAULT '',
  to_value     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_subject ON events(subject_type, subject_id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL,
  action       TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id   INTEGER NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX audit_subject ON audit_log(subject_type, subject_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

CREATE TABLE cases (
  id         INTEGER PRIMARY KEY,
  identifier TEXT NOT NULL UNIQUE,
  track      TEXT NOT NULL CHECK (track IN ('product', 'website')),
  report_id  INTEGER NOT NULL REFERENCES reports(id),
  title      TEXT NOT NULL,
  status     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE case_members (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  role    TEXT NOT NULL,
  PRIMARY KEY (case_id, user_id)
);

CREATE TABLE vendors (
  id                     INTEGER PRIMARY KEY,
  name                   TEXT NOT NULL UNIQUE,
  name_en                TEXT NOT NULL DEFAULT '',
  registration           TEXT NOT NULL CHECK (registration IN ('general', 'individual')),
  contact_email          TEXT NOT NULL,
  phone                  TEXT NOT NULL DEFAULT '',
  public_listing         INTEGER NOT NULL DEFAULT 0,
  accepts_direct_reports INTEGER NOT NULL DEFAULT 0,
  created_at             INTEGER NOT NULL
);
