-- cvdhub schema v6: reference records (imported CVE JSON 5.x and OSV
-- entries) and the full-text search index over public material.
-- Record times are INTEGER microseconds since the epoch, UTC (CVE records
-- carry microseconds); search documents use seconds like the rest.

-- One imported record. Re-importing replaces it (the importer decides by
-- source_hash and modified_at); every part below is replaced with it.
CREATE TABLE reference_records (
  id                  INTEGER PRIMARY KEY,
  record_id           TEXT NOT NULL UNIQUE,             -- CVE-2024-1234, GO-2024-0001
  kind                TEXT NOT NULL CHECK (kind IN ('cve', 'osv')),
  state               TEXT NOT NULL DEFAULT '',         -- CVE PUBLISHED|REJECTED; OSV '' or WITHDRAWN
  format_version      TEXT NOT NULL DEFAULT '',         -- CVE dataVersion, OSV schema_version
  assigner_org_id     TEXT NOT NULL DEFAULT '',
  assigner_short_name TEXT NOT NULL DEFAULT '',
  published_at        INTEGER,
  modified_at         INTEGER,                          -- CVE dateUpdated, OSV modified
  reserved_at         INTEGER,
  rejected_at         INTEGER,
  withdrawn_at        INTEGER,
  source_hash         TEXT NOT NULL,                    -- BLAKE2b-128 of the imported line, hex
  imported_at         INTEGER NOT NULL                  -- seconds
);

-- The parts of a record. `container` is 0 for the CVE CNA (and for OSV),
-- 1… for the CVE ADP containers in order; `position` keeps the source order.
CREATE TABLE reference_containers (
  record_id    INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  container    INTEGER NOT NULL,
  org_id       TEXT NOT NULL DEFAULT '',
  short_name   TEXT NOT NULL DEFAULT '',
  date_updated INTEGER,
  PRIMARY KEY (record_id, container)
) WITHOUT ROWID;

CREATE TABLE reference_texts (
  record_id INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  container INTEGER NOT NULL,
  kind      TEXT NOT NULL CHECK (kind IN ('title', 'description', 'rejected_reason')),
  lang      TEXT NOT NULL DEFAULT '',                   -- '' for OSV (no language given)
  value     TEXT NOT NULL,
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

-- Affected products (CVE) or packages (OSV). The version lists are JSON
-- arrays of the kept keys: shown and exported whole, never queried inside.
CREATE TABLE reference_affected (
  record_id      INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position       INTEGER NOT NULL,
  container      INTEGER NOT NULL,
  vendor         TEXT NOT NULL DEFAULT '',
  product        TEXT NOT NULL DEFAULT '',
  package_name   TEXT NOT NULL DEFAULT '',
  ecosystem      TEXT NOT NULL DEFAULT '',
  purl           TEXT NOT NULL DEFAULT '',
  collection_url TEXT NOT NULL DEFAULT '',
  repo           TEXT NOT NULL DEFAULT '',
  default_status TEXT NOT NULL DEFAULT '',
  cpes           TEXT NOT NULL DEFAULT '[]',            -- JSON array of CPE 2.3 strings
  platforms      TEXT NOT NULL DEFAULT '[]',            -- JSON array of strings
  versions       TEXT NOT NULL DEFAULT '[]',            -- CVE: [{version,status,lessThan,lessThanOrEqual,versionType}]; OSV: ["1.2.3", …]
  ranges         TEXT NOT NULL DEFAULT '[]',            -- OSV: [{type,repo,events:[{introduced:"0"},…]}]
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

CREATE TABLE reference_problem_types (
  record_id   INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  container   INTEGER NOT NULL,
  grp         INTEGER NOT NULL,                         -- the problemTypes entry it belongs to
  cwe_id      TEXT NOT NULL DEFAULT '',
  type        TEXT NOT NULL DEFAULT '',
  lang        TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

CREATE TABLE reference_metrics (
  record_id  INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  container  INTEGER NOT NULL,
  type       TEXT NOT NULL,                             -- cvssV3_1, cvssV4_0, …; OSV CVSS_V3, CVSS_V4
  vector     TEXT NOT NULL DEFAULT '',
  base_score REAL,
  severity   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

CREATE TABLE reference_links (
  record_id INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  container INTEGER NOT NULL,
  url       TEXT NOT NULL,
  name      TEXT NOT NULL DEFAULT '',
  type      TEXT NOT NULL DEFAULT '',                   -- OSV reference type
  tags      TEXT NOT NULL DEFAULT '[]',                 -- CVE tags, JSON array
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;

-- OSV aliases and related ids; found from either side.
CREATE TABLE reference_aliases (
  record_id INTEGER NOT NULL REFERENCES reference_records(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  alias     TEXT NOT NULL,
  relation  TEXT NOT NULL CHECK (relation IN ('alias', 'related')),
  PRIMARY KEY (record_id, position)
) WITHOUT ROWID;
CREATE INDEX reference_aliases_alias ON reference_aliases(alias);

-- The search index over public material: imported records and published
-- advisories (domain/search.hpp). Nothing confidential is ever written here.
-- search_index holds the documents' text as the C++ tokenizer makes it
-- (space-separated tokens: words lower-cased, CJK as bigrams), rowid =
-- search_documents.id; search_documents keeps what a result shows.
CREATE TABLE search_documents (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('advisory', 'cve', 'osv')),
  key          TEXT NOT NULL,
  title        TEXT NOT NULL DEFAULT '',
  text         TEXT NOT NULL DEFAULT '',
  url          TEXT NOT NULL,
  published_at INTEGER,
  modified_at  INTEGER,
  UNIQUE (kind, key)
);
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
