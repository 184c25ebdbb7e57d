-- cvdhub schema v7: unreachable developers and the release-decision committee
-- (PROCESS.md §5; guideline G2-3, G4-5, G7). Timestamps are INTEGER seconds
-- since the epoch, UTC; calendar dates are 'YYYY-MM-DD' (JST).

-- Every attempt to reach a developer in a case: channel, when, to whom, outcome.
-- Append-only: a correction is a new attempt with a note.
CREATE TABLE contact_attempts (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  vendor_id    INTEGER NOT NULL REFERENCES vendors(id),
  channel      TEXT NOT NULL CHECK (channel IN ('mail', 'post', 'phone', 'fax', 'bug_tracker', 'forum',
                                                'social_media')),
  at           INTEGER NOT NULL,                 -- when the attempt was made
  recipient    TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('no_answer', 'bounced', 'no_contact', 'answered')),
  note         TEXT NOT NULL DEFAULT '',
  by_user      INTEGER REFERENCES users(id),
  by_name      TEXT NOT NULL,
  recorded_at  INTEGER NOT NULL
);
CREATE INDEX contact_attempts_case ON contact_attempts(case_id, vendor_id, at);
CREATE TRIGGER contact_attempts_no_update BEFORE UPDATE ON contact_attempts
  BEGIN SELECT RAISE(ABORT, 'contact attempts are append-only'); END;
CREATE TRIGGER contact_attempts_no_delete BEFORE DELETE ON contact_attempts
  BEGIN SELECT RAISE(ABORT, 'contact attempts are append-only'); END;

-- The entry of an unreachable developer in a case, through its stages. The
-- public list shows, per stage, only the columns the guideline publishes
-- (fig. 3: inquiry number, name or handle, related link, date added, product
-- information date, remarks); the rest is for coordinators and the committee.
CREATE TABLE unreachable_entries (
  id                    INTEGER PRIMARY KEY,
  case_id               INTEGER NOT NULL REFERENCES cases(id),
  vendor_id             INTEGER NOT NULL REFERENCES vendors(id),
  did                   TEXT NOT NULL UNIQUE,      -- DID#12345678
  basis                 TEXT NOT NULL CHECK (basis IN ('no_answer', 'developer_unknown', 'no_contact_means')),
  basis_note            TEXT NOT NULL DEFAULT '',
  stage                 TEXT NOT NULL CHECK (stage IN ('listed', 'product_published', 'deadline_added',
                                                        'submitted', 'decided', 'published', 'resolved')),
  public_name           TEXT NOT NULL DEFAULT '',
  related_url           TEXT NOT NULL DEFAULT '',
  remarks_ja            TEXT NOT NULL DEFAULT '',
  remarks_en            TEXT NOT NULL DEFAULT '',
  developer_kind        TEXT NOT NULL DEFAULT 'company' CHECK (developer_kind IN ('company', 'non_company')),
  product_name          TEXT NOT NULL DEFAULT '',
  product_version       TEXT NOT NULL DEFAULT '',
  listed_at             INTEGER NOT NULL,
  product_published_at  INTEGER,
  deadline_added_at     INTEGER,
  contact_deadline      TEXT,                      -- JST date, inclusive
  submitted_at          INTEGER,
  developer_view        TEXT NOT NULL DEFAULT '',
  decided_at            INTEGER,
  decision              TEXT CHECK (decision IS NULL OR decision IN ('publish', 'do_not_publish')),
  decision_note         TEXT NOT NULL DEFAULT '',
  verification_ja       TEXT NOT NULL DEFAULT '',
  verification_en       TEXT NOT NULL DEFAULT '',
  published_at          INTEGER,
  advisory_identifier   TEXT NOT NULL DEFAULT '',
  resolved_at           INTEGER,
  resolved_from         TEXT,
  resolved_note         TEXT NOT NULL DEFAULT '',
  created_by            INTEGER REFERENCES users(id),
  version               INTEGER NOT NULL DEFAULT 1
);
-- One open entry per developer and case; a resolved one may be followed by another.
CREATE UNIQUE INDEX unreachable_entries_open ON unreachable_entries(case_id, vendor_id) WHERE stage <> 'resolved';
CREATE INDEX unreachable_entries_listed ON unreachable_entries(listed_at);
CREATE INDEX unreachable_entries_submitted ON unreachable_entries(submitted_at) WHERE submitted_at IS NOT NULL;

-- Each committee member's vote on a dossier; a member may change it until the decision.
CREATE TABLE committee_votes (
  entry_id     INTEGER NOT NULL REFERENCES unreachable_entries(id),
  user_id      INTEGER NOT NULL REFERENCES users(id),
  member_name  TEXT NOT NULL,
  vote         TEXT NOT NULL CHECK (vote IN ('publish', 'do_not_publish', 'abstain')),
  comment      TEXT NOT NULL DEFAULT '',
  at           INTEGER NOT NULL,
  PRIMARY KEY (entry_id, user_id)
);
