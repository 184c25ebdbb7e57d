-- cvdhub schema 3: mail. The durable outbox (one row per recipient), the
-- recipients' OpenPGP keys, and inbound mail (intake, replies, bounces,
-- quarantine) with its attachments. Timestamps are INTEGER seconds, UTC.

-- Every notification becomes a row here in the transaction that caused it;
-- the delivery worker leases a due row, sends it and records the outcome.
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,               -- "<…@domain>", fixed when queued
  kind            TEXT NOT NULL,                      -- "report.acknowledged", "case.details_released", …
  reference       TEXT NOT NULL,                      -- "report:12", "case:3", "case:3:vendor:7"
  identifier      TEXT NOT NULL DEFAULT '',           -- "IN-2026-00001", "JVN#12345678"
  to_email        TEXT NOT NULL COLLATE NOCASE,
  to_name         TEXT NOT NULL DEFAULT '',
  language        TEXT NOT NULL CHECK (language IN ('ja', 'en')),
  subject         TEXT NOT NULL,                      -- with the identifier
  body            TEXT NOT NULL,
  confidential    INTEGER NOT NULL DEFAULT 0,
  in_reply_to     TEXT NOT NULL DEFAULT '',
  thread_refs     TEXT NOT NULL DEFAULT '',           -- the References header: ids separated by spaces
  status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'bounced')),
  encrypted       INTEGER NOT NULL DEFAULT 0,
  signed          INTEGER NOT NULL DEFAULT 0,
  raw             BLOB,                               -- the message as sent, fixed at the first attempt
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner     TEXT,                               -- the worker sending it now …
  lease_until     INTEGER,                            -- … until then (a crashed worker's lease runs out)
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  failed_at       INTEGER,                            -- when it failed for good or bounced
  bounce_detail   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at);
CREATE INDEX mail_outbox_thread ON mail_outbox(reference, to_email);
CREATE INDEX mail_outbox_to ON mail_outbox(to_email);

-- A recipient with a key gets every message encrypted to it.
CREATE TABLE mail_recipient_keys (
  email       TEXT PRIMARY KEY COLLATE NOCASE,
  fingerprint TEXT NOT NULL,
  user_ids    TEXT NOT NULL,
  armored     TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Every message that arrived, with where it went. Nothing is deleted: a
-- quarantined message stays until an analyst releases or dismisses it.
CREATE TABLE mail_inbound (
  id               INTEGER PRIMARY KEY,
  raw_sha256       TEXT NOT NULL UNIQUE,              -- the same bytes delivered twice are one message
  message_id       TEXT NOT NULL DEFAULT '',
  received_at      INTEGER NOT NULL,
  from_email       TEXT NOT NULL DEFAULT '',
  from_name        TEXT NOT NULL DEFAULT '',
  subject          TEXT NOT NULL DEFAULT '',
  body             TEXT NOT NULL DEFAULT '',
  disposition      TEXT NOT NULL CHECK (disposition IN
                     ('report', 'report_reply', 'case_reply', 'bounce', 'quarantined', 'dismissed')),
  reference        TEXT NOT NULL DEFAULT '',          -- "report:12", "case:3", "outbox:5" (a bounce)
  reason           TEXT NOT NULL DEFAULT '',          -- why it was quarantined (a code)
  detail           TEXT NOT NULL DEFAULT '',
  encrypted        INTEGER NOT NULL DEFAULT 0,
  signature        TEXT NOT NULL DEFAULT 'none',      -- none, valid, invalid, unknown_key, error
  signer           TEXT NOT NULL DEFAULT '',          -- fingerprint or key id
  signature_detail TEXT NOT NULL DEFAULT '',
  needs_review     TEXT NOT NULL DEFAULT '',          -- report fields the analyst must complete
  raw              BLOB NOT NULL,
  handled_by       INTEGER,
  handled_at       INTEGER
);
CREATE INDEX mail_inbound_message_id ON mail_inbound(message_id);
CREATE INDEX mail_inbound_disposition ON mail_inbound(disposition, received_at);
CREATE INDEX mail_inbound_reference ON mail_inbound(reference);

CREATE TABLE mail_inbound_attachments (
  id           INTEGER PRIMARY KEY,
  inbound_id   INTEGER NOT NULL REFERENCES mail_inbound(id),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BLOB NOT NULL
);
CREATE INDEX mail_inbound_attachments_inbound ON mail_inbound_attachments(inbound_id);
