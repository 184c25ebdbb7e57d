-- cvdhub schema v2: the vendor registry and the coordination of cases
-- (PROCESS.md §3–§4). Timestamps are INTEGER seconds since the epoch, UTC.

-- Vendor registry (G1).
ALTER TABLE vendors ADD COLUMN registered INTEGER NOT NULL DEFAULT 1;   -- 0: found in a case, asked to register (G2-3)
ALTER TABLE vendors ADD COLUMN reporting_contact TEXT NOT NULL DEFAULT '';  -- shown publicly when accepts_direct_reports
ALTER TABLE vendors ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE vendors ADD COLUMN invite_token_hash TEXT NOT NULL DEFAULT '';  -- SHA-256 of an open registration invitation

CREATE TABLE vendor_contacts (
  id         INTEGER PRIMARY KEY,
  vendor_id  INTEGER NOT NULL REFERENCES vendors(id),
  name       TEXT NOT NULL,
  email      TEXT NOT NULL,
  phone      TEXT NOT NULL DEFAULT '',
  is_primary INTEGER NOT NULL DEFAULT 0,
  pgp_key    TEXT NOT NULL DEFAULT '',        -- armored OpenPGP public key, validated on upload
  pgp_fingerprint TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vendor_contacts_vendor ON vendor_contacts(vendor_id);

CREATE TABLE vendor_products (
  id        INTEGER PRIMARY KEY,
  vendor_id INTEGER NOT NULL REFERENCES vendors(id),
  name      TEXT NOT NULL,
  cpe       TEXT NOT NULL DEFAULT '',         -- CPE 2.3 formatted string
  purl      TEXT NOT NULL DEFAULT ''          -- package URL
);
CREATE INDEX vendor_products_vendor ON vendor_products(vendor_id);

-- The technology keyword list answers of a general registration.
CREATE TABLE vendor_keywords (
  vendor_id INTEGER NOT NULL REFERENCES vendors(id),
  keyword   TEXT NOT NULL COLLATE NOCASE,
  PRIMARY KEY (vendor_id, keyword)
);

-- Accounts acting for a vendor (its PSIRT staff).
CREATE TABLE vendor_members (
  vendor_id INTEGER NOT NULL REFERENCES vendors(id),
  user_id   INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (vendor_id, user_id)
);
CREATE INDEX vendor_members_user ON vendor_members(user_id);

-- Case-level coordination state.
ALTER TABLE cases ADD COLUMN overview TEXT NOT NULL DEFAULT '';       -- no technical detail (G2-1)
ALTER TABLE cases ADD COLUMN details TEXT NOT NULL DEFAULT '';        -- released on request (G3)
ALTER TABLE cases ADD COLUMN product_ids TEXT NOT NULL DEFAULT '';    -- CPEs / PURLs of the affected product, one per line
ALTER TABLE cases ADD COLUMN keywords TEXT NOT NULL DEFAULT '';       -- technologies involved, comma-separated
ALTER TABLE cases ADD COLUMN publication_state TEXT NOT NULL DEFAULT 'none';
ALTER TABLE cases ADD COLUMN publication_at INTEGER;
ALTER TABLE cases ADD COLUMN foreign_coordinator TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN early_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN em_state TEXT NOT NULL DEFAULT 'NONE';   -- Vultron embargo management
ALTER TABLE cases ADD COLUMN public_aware INTEGER NOT NULL DEFAULT 0;  -- Vultron P
ALTER TABLE cases ADD COLUMN exploit_public INTEGER NOT NULL DEFAULT 0;  -- Vultron X
ALTER TABLE cases ADD COLUMN attacks_observed INTEGER NOT NULL DEFAULT 0;  -- Vultron A
ALTER TABLE cases ADD COLUMN closed_at INTEGER;
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;      -- bumped on every change (page caches)

CREATE TABLE case_vendors (
  id                   INTEGER PRIMARY KEY,
  case_id              INTEGER NOT NULL REFERENCES cases(id),
  vendor_id            INTEGER NOT NULL REFERENCES vendors(id),
  obvious              INTEGER NOT NULL DEFAULT 0,
  tier                 INTEGER NOT NULL DEFAULT 0,
  initial_contact_at   INTEGER,
  overview_sent_at     INTEGER,
  overview_answer      TEXT NOT NULL DEFAULT 'none',
  overview_answered_at INTEGER,
  details_requested_at INTEGER,
  details_released_at  INTEGER,
  investigation_at     INTEGER,
  status               TEXT,
  statement            TEXT NOT NULL DEFAULT '',
  advisory_url         TEXT NOT NULL DEFAULT '',
  statement_at         INTEGER,
  fix_ready            INTEGER NOT NULL DEFAULT 0,
  fix_deployed         INTEGER NOT NULL DEFAULT 0,
  last_answer_at       INTEGER,
  answer_due           INTEGER,
  date_response        TEXT NOT NULL DEFAULT 'none',
  date_comment         TEXT NOT NULL DEFAULT '',
  rm_state             TEXT NOT NULL DEFAULT 'START',
  UNIQUE (case_id, vendor_id)
);
CREATE INDEX case_vendors_vendor ON case_vendors(vendor_id);

-- Every status statement, as dated history (G6-5).
CREATE TABLE vendor_status_history (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  vendor_id    INTEGER NOT NULL REFERENCES vendors(id),
  status       TEXT NOT NULL,
  statement    TEXT NOT NULL,
  advisory_url TEXT NOT NULL,
  at           INTEGER NOT NULL,
  by_user      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX vendor_status_history_case ON vendor_status_history(case_id, vendor_id);
CREATE TRIGGER vendor_status_history_no_update BEFORE UPDATE ON vendor_status_history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER vendor_status_history_no_delete BEFORE DELETE ON vendor_status_history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

-- Investigation reports (G3-3).
CREATE TABLE investigation_reports (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL REFERENCES cases(id),
  vendor_id        INTEGER NOT NULL REFERENCES vendors(id),
  affected         TEXT NOT NULL CHECK (affected IN ('yes', 'no', 'unknown')),
  workaround_plan  TEXT NOT NULL,
  fix_plan         TEXT NOT NULL,
  schedule         TEXT NOT NULL,
  publication_plan TEXT NOT NULL,
  other_developers TEXT NOT NULL,
  at               INTEGER NOT NULL,
  by_user          INTEGER NOT NULL
);
CREATE INDEX investigation_reports_case ON investigation_reports(case_id, vendor_id);

-- Threads: 'vendor' (coordinator ↔ one vendor), 'case' (all admitted participants),
-- 'partner' (coordinator ↔ one related organisation).
CREATE TABLE case_messages (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  thread      TEXT NOT NULL CHECK (thread IN ('vendor', 'case', 'partner')),
  party_id    INTEGER NOT NULL DEFAULT 0,   -- vendor id or partner id for per-party threads
  author_id   INTEGER NOT NULL DEFAULT 0,
  author_name TEXT NOT NULL,
  author_role TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX case_messages_thread ON case_messages(case_id, thread, party_id, id);

-- Vendors proposing further vendors (upstream/downstream), approved by the coordinator.
CREATE TABLE vendor_proposals (
  id             INTEGER PRIMARY KEY,
  case_id        INTEGER NOT NULL REFERENCES cases(id),
  proposed_by    INTEGER NOT NULL REFERENCES vendors(id),
  vendor_name    TEXT NOT NULL,
  vendor_id      INTEGER REFERENCES vendors(id),
  relation       TEXT NOT NULL CHECK (relation IN ('upstream', 'downstream', 'other')),
  reason         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
  created_at     INTEGER NOT NULL,
  decided_at     INTEGER
);
CREATE INDEX vendor_proposals_case ON vendor_proposals(case_id);

-- Critical-infrastructure pre-release (G4-4) and customer pre-notification (G6-3).
CREATE TABLE prereleases (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  kind         TEXT NOT NULL CHECK (kind IN ('critical_infra', 'customer_prenotification')),
  sector       TEXT NOT NULL DEFAULT '',
  vendor_id    INTEGER REFERENCES vendors(id),
  note         TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused')),
  requested_by INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  decided_by   INTEGER,
  decided_at   INTEGER
);
CREATE INDEX prereleases_case ON prereleases(case_id);

-- Secondary distribution (G8-2): a vendor's partner, admitted to one case.
CREATE TABLE case_partners (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  vendor_id    INTEGER NOT NULL REFERENCES vendors(id),
  organisation TEXT NOT NULL,
  person       TEXT NOT NULL,
  email        TEXT NOT NULL COLLATE NOCASE,
  user_id      INTEGER REFERENCES users(id),
  created_at   INTEGER NOT NULL,
  admitted_at  INTEGER,
  UNIQUE (case_id, email)
);
