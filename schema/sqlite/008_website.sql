-- cvdhub schema v8: the website track (PROCESS.md §6) and the low-impact
-- close of product cases (G8-4). Timestamps are INTEGER seconds since the
-- epoch, UTC; dates TEXT YYYY-MM-DD (JST calendar).

-- The track's record of a website case (cases.track = 'website'). A case has
-- no row until the receiving organisation first records something; the store
-- reads a missing row as an empty record with the report's site.
CREATE TABLE website_cases (
  case_id             INTEGER PRIMARY KEY REFERENCES cases(id),
  site_url            TEXT NOT NULL,
  site_name           TEXT NOT NULL DEFAULT '',
  operator_name       TEXT NOT NULL DEFAULT '',
  operator_email      TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
  operator_phone      TEXT NOT NULL DEFAULT '',
  contact_source      TEXT NOT NULL DEFAULT 'none' CHECK (contact_source IN ('none', 'published', 'found')),
  contact_source_note TEXT NOT NULL DEFAULT '',   -- where the site publishes it, or how the analyst found it
  contact_at          INTEGER,
  details             TEXT NOT NULL DEFAULT '',   -- what the operator is told (never the finder's identity)
  notified_at         INTEGER,                    -- the ~3-month clock starts here
  notify_channel      TEXT NOT NULL DEFAULT 'mail' CHECK (notify_channel IN ('mail', 'post', 'phone', 'other')),
  fix_due             TEXT,                       -- JST date; set at notification, may be extended
  verification        TEXT NOT NULL DEFAULT 'none' CHECK (verification IN ('none', 'confirmed', 'not_reproduced')),
  verification_note   TEXT NOT NULL DEFAULT '',
  verified_at         INTEGER,
  fixed_at            INTEGER,
  fix_note            TEXT NOT NULL DEFAULT '',
  finder_told_at      INTEGER,
  publication         TEXT NOT NULL DEFAULT 'undecided'
                      CHECK (publication IN ('undecided', 'not_publish', 'publish')),
  publication_url     TEXT NOT NULL DEFAULT '',
  publication_summary TEXT NOT NULL DEFAULT '',
  publication_at      INTEGER,
  reminder_sent_at    INTEGER,
  closed_at           INTEGER,
  close_reason        TEXT NOT NULL DEFAULT '',
  invite_token_hash   TEXT NOT NULL DEFAULT '',   -- SHA-256 of an open operator invitation
  version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX website_cases_invite ON website_cases(invite_token_hash) WHERE invite_token_hash <> '';

-- The thread between the receiving organisation and the operator of one case.
CREATE TABLE website_messages (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases(id),
  author_id   INTEGER NOT NULL DEFAULT 0,
  author_name TEXT NOT NULL,
  author_role TEXT NOT NULL,
  on_behalf   INTEGER NOT NULL DEFAULT 0,   -- staff recording what the operator said by mail or phone
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX website_messages_case ON website_messages(case_id, id);

-- Statistics read cases by status and closing time (the low-impact close
-- sets status 'closed_low_impact' and closed_at; its reason is an event).
CREATE INDEX cases_track_status ON cases(track, status);
