-- cvdhub schema v5: advisories and their publication (PROCESS.md §4.10–4.11, §8).
-- Timestamps are INTEGER seconds since the epoch, UTC. Bilingual text is kept
-- as ja/en column pairs; the English side carries a translation state.

-- One advisory per product case. It becomes public exactly once: the
-- publisher flips state to 'published' with a conditional UPDATE in the same
-- transaction that assigns CVE IDs and tells the finder.
CREATE TABLE advisories (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  identifier       TEXT NOT NULL UNIQUE,            -- the case identifier, e.g. JVN#12345678
  state            TEXT NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'review', 'scheduled', 'published', 'withdrawn')),
  fields           TEXT NOT NULL DEFAULT '{}',      -- the bilingual sections, JSON (see formats/advisory_json)
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  published_at     INTEGER,                         -- set once, by the publisher
  modified_at      INTEGER,                         -- last public change (for polling clients)
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX advisories_published ON advisories(state, published_at);

-- The vulnerabilities of an advisory: one CVE ID each.
CREATE TABLE advisory_vulnerabilities (
  id            INTEGER PRIMARY KEY,
  advisory_id   INTEGER NOT NULL REFERENCES advisories(id),
  position      INTEGER NOT NULL,
  cve_id        TEXT NOT NULL DEFAULT '',
  cve_source    TEXT NOT NULL DEFAULT '' CHECK (cve_source IN ('', 'cna_block', 'other_cna')),
  cve_assigner  TEXT NOT NULL DEFAULT '',           -- the other CNA's name when cve_source = 'other_cna'
  cwe           TEXT NOT NULL DEFAULT '',           -- "CWE-79"
  title_ja      TEXT NOT NULL DEFAULT '',
  title_en      TEXT NOT NULL DEFAULT '',
  description_ja TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  cvss31        TEXT NOT NULL DEFAULT '',           -- base vector
  cvss40        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX advisory_vulnerabilities_advisory ON advisory_vulnerabilities(advisory_id, position);

-- The products an advisory is about (CSAF product tree, OSV affected).
CREATE TABLE advisory_products (
  id           INTEGER PRIMARY KEY,
  advisory_id  INTEGER NOT NULL REFERENCES advisories(id),
  vendor_id    INTEGER REFERENCES vendors(id),
  vendor_name  TEXT NOT NULL,
  product      TEXT NOT NULL,
  versions     TEXT NOT NULL DEFAULT '',            -- affected versions as published, e.g. "< 2.4.1"
  fixed_in     TEXT NOT NULL DEFAULT '',
  cpe          TEXT NOT NULL DEFAULT '',
  purl         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX advisory_products_advisory ON advisory_products(advisory_id);

-- The update history of a published advisory (G6-5): every later status
-- change and correction is a dated entry.
CREATE TABLE advisory_updates (
  id           INTEGER PRIMARY KEY,
  advisory_id  INTEGER NOT NULL REFERENCES advisories(id),
  at           INTEGER NOT NULL,
  note_ja      TEXT NOT NULL,
  note_en      TEXT NOT NULL
);
CREATE INDEX advisory_updates_advisory ON advisory_updates(advisory_id, at);

-- Vendors' review comments on the draft: one thread per vendor (a vendor
-- never sees another vendor's comments).
CREATE TABLE advisory_comments (
  id           INTEGER PRIMARY KEY,
  advisory_id  INTEGER NOT NULL REFERENCES advisories(id),
  vendor_id    INTEGER NOT NULL REFERENCES vendors(id),
  author_id    INTEGER NOT NULL REFERENCES users(id),
  author_name  TEXT NOT NULL,
  body         TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE INDEX advisory_comments_advisory ON advisory_comments(advisory_id, vendor_id);

-- The CNA block: reserved CVE IDs handed out at publication.
CREATE TABLE cve_pool (
  cve_id           TEXT PRIMARY KEY,
  year             INTEGER NOT NULL,
  number           INTEGER NOT NULL,
  vulnerability_id INTEGER UNIQUE REFERENCES advisory_vulnerabilities(id),
  assigned_at      INTEGER
);
CREATE INDEX cve_pool_free ON cve_pool(vulnerability_id, year, number);
