#include "store/sqlite_publication.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "formats/advisory_json.hpp"

namespace cvdhub::store::sqlite {
namespace {

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

#define CVDHUB_ADVISORY_COLUMNS \
  "id, case_id, identifier, state, fields, created_at, updated_at, published_at, modified_at, version"

constexpr std::string_view kInsertAdvisory =
    "INSERT INTO advisories (case_id, identifier, state, fields, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id";
constexpr std::string_view kFindAdvisoryByCase =
    "SELECT " CVDHUB_ADVISORY_COLUMNS " FROM advisories WHERE case_id = ?2 AND ?1 = ?1";
constexpr std::string_view kFindAdvisoryByIdentifier =
    "SELECT " CVDHUB_ADVISORY_COLUMNS " FROM advisories WHERE identifier = ?1 AND ?2 = ?2";
constexpr std::string_view kUpdateAdvisoryFields =
    "UPDATE advisories SET fields = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1";
constexpr std::string_view kMoveAdvisoryState =
    "UPDATE advisories SET state = ?3, updated_at = ?4, version = version + 1 WHERE id = ?1 AND state = ?2";
constexpr std::string_view kMarkPublished =
    "UPDATE advisories SET state = 'published', published_at = ?2, modified_at = ?2, updated_at = ?2,"
    " version = version + 1 WHERE id = ?1 AND state = 'scheduled' AND published_at IS NULL";
constexpr std::string_view kSetModified =
    "UPDATE advisories SET modified_at = ?2, version = version + 1 WHERE id = ?1";
constexpr std::string_view kListScheduled =
    "SELECT a.case_id, c.publication_at FROM advisories a JOIN cases c ON c.id = a.case_id"
    " WHERE a.state = 'scheduled' AND c.publication_state = 'agreed' AND c.publication_at IS NOT NULL"
    " ORDER BY c.publication_at, a.id";
constexpr std::string_view kListPublished =
    "SELECT " CVDHUB_ADVISORY_COLUMNS " FROM advisories WHERE state = 'published'"
    " ORDER BY published_at DESC, id DESC LIMIT ?1 OFFSET ?2";
constexpr std::string_view kCountPublished = "SELECT count(*) FROM advisories WHERE state = 'published'";
constexpr std::string_view kListModifiedSince =
    "SELECT " CVDHUB_ADVISORY_COLUMNS " FROM advisories WHERE state = 'published' AND modified_at >= ?1"
    " ORDER BY modified_at DESC, id DESC LIMIT ?2";

constexpr std::string_view kListVulnerabilities =
    "SELECT id, position, cve_id, cve_source, cve_assigner, cwe, title_ja, title_en, description_ja,"
    " description_en, cvss31, cvss40 FROM advisory_vulnerabilities WHERE advisory_id = ?1 ORDER BY position, id";
constexpr std::string_view kInsertVulnerability =
    "INSERT INTO advisory_vulnerabilities (advisory_id, position, cve_id, cve_source, cve_assigner, cwe,"
    " title_ja, title_en, description_ja, description_en, cvss31, cvss40)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
// The CVE ID of a vulnerability that took one from the block cannot change.
constexpr std::string_view kUpdateVulnerability =
    "UPDATE advisory_vulnerabilities SET position = ?3,"
    " cve_id = CASE WHEN cve_source = 'cna_block' THEN cve_id ELSE ?4 END,"
    " cve_source = CASE WHEN cve_source = 'cna_block' THEN cve_source ELSE ?5 END,"
    " cve_assigner = ?6, cwe = ?7, title_ja = ?8, title_en = ?9, description_ja = ?10, description_en = ?11,"
    " cvss31 = ?12, cvss40 = ?13 WHERE id = ?2 AND advisory_id = ?1";
constexpr std::string_view kDeleteVulnerability =
    "DELETE FROM advisory_vulnerabilities WHERE id = ?2 AND advisory_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM cve_pool WHERE vulnerability_id = ?2)";
constexpr std::string_view kSetVulnerabilityCve =
    "UPDATE advisory_vulnerabilities SET cve_id = ?2, cve_source = ?3 WHERE id = ?1";

constexpr std::string_view kListProducts =
    "SELECT id, vendor_id, vendor_name, product, versions, fixed_in, cpe, purl FROM advisory_products"
    " WHERE advisory_id = ?1 ORDER BY id";
constexpr std::string_view kDeleteProducts = "DELETE FROM advisory_products WHERE advisory_id = ?1";
constexpr std::string_view kInsertProduct =
    "INSERT INTO advisory_products (advisory_id, vendor_id, vendor_name, product, versions, fixed_in, cpe, purl)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";

constexpr std::string_view kInsertUpdate =
    "INSERT INTO advisory_updates (advisory_id, at, note_ja, note_en) VALUES (?1, ?2, ?3, ?4) RETURNING id";
constexpr std::string_view kListUpdates =
    "SELECT id, at, note_ja, note_en FROM advisory_updates WHERE advisory_id = ?1 ORDER BY at, id";

constexpr std::string_view kInsertComment =
    "INSERT INTO advisory_comments (advisory_id, vendor_id, author_id, author_name, body, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
// ?2: a vendor id, or NULL for every vendor.
constexpr std::string_view kListComments =
    "SELECT id, advisory_id, vendor_id, author_id, author_name, body, created_at FROM advisory_comments"
    " WHERE advisory_id = ?1 AND (?2 IS NULL OR vendor_id = ?2) ORDER BY id";

constexpr std::string_view kInsertCveId =
    "INSERT OR IGNORE INTO cve_pool (cve_id, year, number) VALUES (?1, ?2, ?3)";
constexpr std::string_view kTakeCveId =
    "UPDATE cve_pool SET vulnerability_id = ?1, assigned_at = ?3 WHERE cve_id ="
    " (SELECT cve_id FROM cve_pool WHERE vulnerability_id IS NULL ORDER BY year <> ?2, year, number LIMIT 1)"
    " RETURNING cve_id";
constexpr std::string_view kCountFreeCveIds = "SELECT count(*) FROM cve_pool WHERE vulnerability_id IS NULL";

#undef CVDHUB_ADVISORY_COLUMNS

// ---------------------------------------------------------------------------
// Row mapping.
// ---------------------------------------------------------------------------

using AdvisoryRow = SqlitePublicationTx::AdvisoryRow;

Result<AdvisoryRow> ReadAdvisory(const Stmt& s) {
  domain::Advisory a;
  a.id = s.Int(0);
  a.case_id = s.Int(1);
  a.identifier = s.Text(2);
  const auto state = domain::ParseAdvisoryState(s.Text(3));
  if (!state) return Corrupt("advisories", "state", a.id);
  a.state = *state;
  const auto fields = nlohmann::json::parse(s.Text(4), nullptr, /*allow_exceptions=*/false);
  if (fields.is_discarded()) return Corrupt("advisories", "fields", a.id);
  auto sections = formats::SectionsFromJson(fields);
  if (!sections) return Corrupt("advisories", "fields", a.id);
  a.sections = std::move(sections).value();
  a.created_at = s.Time(5);
  a.updated_at = s.Time(6);
  a.published_at = s.OptTime(7);
  a.modified_at = s.OptTime(8);
  a.version = s.Int(9);
  return AdvisoryRow{std::move(a), s.Text(4)};
}

Result<domain::AdvisoryVulnerability> ReadVulnerability(const Stmt& s) {
  domain::AdvisoryVulnerability v;
  v.id = s.Int(0);
  v.position = static_cast<int>(s.Int(1));
  v.cve_id = s.Text(2);
  const auto source = domain::ParseCveSource(s.Text(3));
  if (!source) return Corrupt("advisory_vulnerabilities", "cve_source", v.id);
  v.cve_source = *source;
  v.cve_assigner = s.Text(4);
  v.cwe = s.Text(5);
  v.title.ja = s.Text(6);
  v.title.en = s.Text(7);
  v.description.ja = s.Text(8);
  v.description.en = s.Text(9);
  v.cvss31 = s.Text(10);
  v.cvss40 = s.Text(11);
  return v;
}

domain::AdvisoryProduct ReadProduct(const Stmt& s) {
  return {.id = s.Int(0), .vendor_id = s.OptInt(1), .vendor_name = s.Text(2), .product = s.Text(3),
          .versions = s.Text(4), .fixed_in = s.Text(5), .cpe = s.Text(6), .purl = s.Text(7)};
}

// Vulnerability titles and descriptions keep their translation state in the
// advisory's fields document, keyed by position.
void BindVulnerability(Stmt& s, const domain::AdvisoryVulnerability& v, int first) {
  s.BindText(first, v.cve_id);
  s.BindText(first + 1, domain::CveSourceName(v.cve_source));
  s.BindText(first + 2, v.cve_assigner);
  s.BindText(first + 3, v.cwe);
  s.BindText(first + 4, v.title.ja);
  s.BindText(first + 5, v.title.en);
  s.BindText(first + 6, v.description.ja);
  s.BindText(first + 7, v.description.en);
  s.BindText(first + 8, v.cvss31);
  s.BindText(first + 9, v.cvss40);
}

// The stored document: the sections plus the vulnerabilities' translation states.
std::string FieldsDocument(const domain::Advisory& a) {
  nlohmann::json j = formats::SectionsToJson(a.sections);
  nlohmann::json states = nlohmann::json::array();
  for (const auto& v : a.vulnerabilities) {
    states.push_back({domain::TranslationName(v.title.translation), domain::TranslationName(v.description.translation)});
  }
  j["vulnerability_translations"] = std::move(states);
  return j.dump();
}

void ApplyVulnerabilityTranslations(const std::string& fields, domain::Advisory& a) {
  const auto j = nlohmann::json::parse(fields, nullptr, false);
  if (j.is_discarded() || !j.contains("vulnerability_translations")) return;
  const auto& states = j["vulnerability_translations"];
  for (std::size_t i = 0; i < a.vulnerabilities.size() && i < states.size(); ++i) {
    if (!states[i].is_array() || states[i].size() != 2) continue;
    if (auto t = domain::ParseTranslation(states[i][0].get<std::string>())) a.vulnerabilities[i].title.translation = *t;
    if (auto t = domain::ParseTranslation(states[i][1].get<std::string>())) {
      a.vulnerabilities[i].description.translation = *t;
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Advisories.
// ---------------------------------------------------------------------------

Result<std::int64_t> SqlitePublicationTx::InsertAdvisory(const domain::Advisory& a) {
  auto st = PrepareStatement(c_, kInsertAdvisory);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, a.case_id);
  s.BindText(2, a.identifier);
  s.BindText(3, domain::AdvisoryStateName(a.state));
  s.BindText(4, FieldsDocument(a));
  s.BindTime(5, a.created_at);
  auto id = s.OneInt();
  if (!id) return id;
  domain::Advisory stored = a;
  stored.id = *id;
  if (!a.vulnerabilities.empty() || !a.products.empty()) {
    if (auto u = UpdateAdvisoryContent(stored, a.created_at); !u) return u.error();
  }
  return id;
}

Result<domain::Advisory> SqlitePublicationTx::FindOne(std::string_view sql, const std::string& key, std::int64_t id) {
  std::vector<AdvisoryRow> rows;
  {
    auto st = PrepareStatement(c_, sql);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, key);
    s.BindInt(2, id);
    auto row = s.Next();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("advisory not found");
    auto a = ReadAdvisory(s);
    if (!a) return a.error();
    rows.push_back(std::move(a).value());
  }
  auto list = LoadParts(std::move(rows));
  if (!list) return list.error();
  return std::move(list->front());
}

Result<domain::Advisory> SqlitePublicationTx::FindAdvisoryByCase(domain::CaseId case_id) {
  return FindOne(kFindAdvisoryByCase, "", case_id);
}

Result<domain::Advisory> SqlitePublicationTx::FindAdvisoryByIdentifier(const std::string& identifier) {
  return FindOne(kFindAdvisoryByIdentifier, identifier, 0);
}

Result<std::vector<domain::Advisory>> SqlitePublicationTx::LoadParts(std::vector<AdvisoryRow> rows) {
  std::vector<domain::Advisory> list;
  list.reserve(rows.size());
  for (auto& row : rows) {
    domain::Advisory& a = list.emplace_back(std::move(row.advisory));
    {
      auto st = PrepareStatement(c_, kListVulnerabilities);
      if (!st) return st.error();
      st->BindInt(1, a.id);
      auto vulns = CollectRows<domain::AdvisoryVulnerability>(*st, ReadVulnerability);
      if (!vulns) return vulns.error();
      a.vulnerabilities = std::move(vulns).value();
    }
    {
      auto st = PrepareStatement(c_, kListProducts);
      if (!st) return st.error();
      st->BindInt(1, a.id);
      auto products = CollectRows<domain::AdvisoryProduct>(*st, ReadProduct);
      if (!products) return products.error();
      a.products = std::move(products).value();
    }
    ApplyVulnerabilityTranslations(row.fields, a);
  }
  return list;
}

Status SqlitePublicationTx::UpdateAdvisoryContent(const domain::Advisory& a, domain::Timestamp at) {
  // Vulnerabilities: update those with an id, insert new ones, delete the rest.
  auto existing = [&]() -> Result<std::vector<domain::AdvisoryVulnerability>> {
    auto st = PrepareStatement(c_, kListVulnerabilities);
    if (!st) return st.error();
    st->BindInt(1, a.id);
    return CollectRows<domain::AdvisoryVulnerability>(*st, ReadVulnerability);
  }();
  if (!existing) return existing.error();
  for (const auto& old : *existing) {
    const bool kept = std::any_of(a.vulnerabilities.begin(), a.vulnerabilities.end(),
                                  [&](const auto& v) { return v.id == old.id; });
    if (kept) continue;
    auto st = PrepareStatement(c_, kDeleteVulnerability);
    if (!st) return st.error();
    st->BindInt(1, a.id);
    st->BindInt(2, old.id);
    if (auto r = st->Run(); !r) return r;
    if (st->Changes() != 1) {
      return Error::Conflict(fmt::format("{} was assigned to this advisory and cannot be removed", old.cve_id));
    }
  }
  for (std::size_t i = 0; i < a.vulnerabilities.size(); ++i) {
    const auto& v = a.vulnerabilities[i];
    const bool known = v.id != 0 && std::any_of(existing->begin(), existing->end(),
                                                [&](const auto& old) { return old.id == v.id; });
    if (known) {
      auto st = PrepareStatement(c_, kUpdateVulnerability);
      if (!st) return st.error();
      st->BindInt(1, a.id);
      st->BindInt(2, v.id);
      st->BindInt(3, static_cast<std::int64_t>(i));
      BindVulnerability(*st, v, 4);
      if (auto r = st->Run(); !r) return r;
    } else {
      auto st = PrepareStatement(c_, kInsertVulnerability);
      if (!st) return st.error();
      st->BindInt(1, a.id);
      st->BindInt(2, static_cast<std::int64_t>(i));
      BindVulnerability(*st, v, 3);
      if (auto id = st->OneInt(); !id) return id.error();
    }
  }
  {
    auto st = PrepareStatement(c_, kDeleteProducts);
    if (!st) return st.error();
    st->BindInt(1, a.id);
    if (auto r = st->Run(); !r) return r;
  }
  for (const auto& p : a.products) {
    auto st = PrepareStatement(c_, kInsertProduct);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindInt(1, a.id);
    s.BindOptInt(2, p.vendor_id);
    s.BindText(3, p.vendor_name);
    s.BindText(4, p.product);
    s.BindText(5, p.versions);
    s.BindText(6, p.fixed_in);
    s.BindText(7, p.cpe);
    s.BindText(8, p.purl);
    if (auto id = s.OneInt(); !id) return id.error();
  }
  auto st = PrepareStatement(c_, kUpdateAdvisoryFields);
  if (!st) return st.error();
  st->BindInt(1, a.id);
  st->BindText(2, FieldsDocument(a));
  st->BindTime(3, at);
  return ChangedOne(*st);
}

Status SqlitePublicationTx::MoveAdvisoryState(std::int64_t id, domain::AdvisoryState from, domain::AdvisoryState to,
                                              domain::Timestamp at) {
  auto st = PrepareStatement(c_, kMoveAdvisoryState);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, id);
  s.BindText(2, domain::AdvisoryStateName(from));
  s.BindText(3, domain::AdvisoryStateName(to));
  s.BindTime(4, at);
  if (auto r = s.Run(); !r) return r;
  if (s.Changes() != 1) {
    return Error::Conflict(fmt::format("the advisory is no longer {}", domain::AdvisoryStateName(from)));
  }
  return {};
}

Result<bool> SqlitePublicationTx::MarkPublished(std::int64_t id, domain::Timestamp at) {
  auto st = PrepareStatement(c_, kMarkPublished);
  if (!st) return st.error();
  st->BindInt(1, id);
  st->BindTime(2, at);
  if (auto r = st->Run(); !r) return r.error();
  return st->Changes() == 1;
}

Status SqlitePublicationTx::SetModified(std::int64_t id, domain::Timestamp at) {
  auto st = PrepareStatement(c_, kSetModified);
  if (!st) return st.error();
  st->BindInt(1, id);
  st->BindTime(2, at);
  return ChangedOne(*st);
}

Status SqlitePublicationTx::SetVulnerabilityCve(std::int64_t vulnerability_id, const std::string& cve_id,
                                                domain::CveSource source) {
  auto st = PrepareStatement(c_, kSetVulnerabilityCve);
  if (!st) return st.error();
  st->BindInt(1, vulnerability_id);
  st->BindText(2, cve_id);
  st->BindText(3, domain::CveSourceName(source));
  return ChangedOne(*st);
}

Result<std::vector<std::pair<std::int64_t, domain::Timestamp>>> SqlitePublicationTx::ListScheduled() {
  auto st = PrepareStatement(c_, kListScheduled);
  if (!st) return st.error();
  using Row = std::pair<std::int64_t, domain::Timestamp>;
  return CollectRows<Row>(*st, [](const Stmt& s) { return Row{s.Int(0), s.Time(1)}; });
}

Result<std::vector<domain::Advisory>> SqlitePublicationTx::ListPublished(int limit, int offset) {
  std::vector<AdvisoryRow> rows;
  {
    auto st = PrepareStatement(c_, kListPublished);
    if (!st) return st.error();
    st->BindInt(1, limit);
    st->BindInt(2, offset);
    auto read = CollectRows<AdvisoryRow>(*st, ReadAdvisory);
    if (!read) return read.error();
    rows = std::move(read).value();
  }
  return LoadParts(std::move(rows));
}

Result<std::int64_t> SqlitePublicationTx::CountPublished() { return QueryInt(c_, kCountPublished); }

Result<std::vector<domain::Advisory>> SqlitePublicationTx::ListModifiedSince(domain::Timestamp since, int limit) {
  std::vector<AdvisoryRow> rows;
  {
    auto st = PrepareStatement(c_, kListModifiedSince);
    if (!st) return st.error();
    st->BindTime(1, since);
    st->BindInt(2, limit);
    auto read = CollectRows<AdvisoryRow>(*st, ReadAdvisory);
    if (!read) return read.error();
    rows = std::move(read).value();
  }
  return LoadParts(std::move(rows));
}

// ---------------------------------------------------------------------------
// Update history and review comments.
// ---------------------------------------------------------------------------

Result<std::int64_t> SqlitePublicationTx::InsertUpdate(std::int64_t advisory_id, const domain::AdvisoryUpdate& u) {
  auto st = PrepareStatement(c_, kInsertUpdate);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, advisory_id);
  s.BindTime(2, u.at);
  s.BindText(3, u.note_ja);
  s.BindText(4, u.note_en);
  return s.OneInt();
}

Result<std::vector<domain::AdvisoryUpdate>> SqlitePublicationTx::ListUpdates(std::int64_t advisory_id) {
  auto st = PrepareStatement(c_, kListUpdates);
  if (!st) return st.error();
  st->BindInt(1, advisory_id);
  return CollectRows<domain::AdvisoryUpdate>(*st, [](const Stmt& s) {
    return domain::AdvisoryUpdate{.id = s.Int(0), .at = s.Time(1), .note_ja = s.Text(2), .note_en = s.Text(3)};
  });
}

Result<std::int64_t> SqlitePublicationTx::InsertComment(const AdvisoryComment& c) {
  auto st = PrepareStatement(c_, kInsertComment);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, c.advisory_id);
  s.BindInt(2, c.vendor_id);
  s.BindInt(3, c.author_id);
  s.BindText(4, c.author_name);
  s.BindText(5, c.body);
  s.BindTime(6, c.created_at);
  return s.OneInt();
}

Result<std::vector<AdvisoryComment>> SqlitePublicationTx::ListComments(std::int64_t advisory_id,
                                                                       std::optional<std::int64_t> vendor_id) {
  auto st = PrepareStatement(c_, kListComments);
  if (!st) return st.error();
  st->BindInt(1, advisory_id);
  st->BindOptInt(2, vendor_id);
  return CollectRows<AdvisoryComment>(*st, [](const Stmt& s) {
    return AdvisoryComment{.id = s.Int(0), .advisory_id = s.Int(1), .vendor_id = s.Int(2), .author_id = s.Int(3),
                           .author_name = s.Text(4), .body = s.Text(5), .created_at = s.Time(6)};
  });
}

// ---------------------------------------------------------------------------
// The CNA block.
// ---------------------------------------------------------------------------

Result<int> SqlitePublicationTx::AddCveIds(int year, std::int64_t first, std::int64_t last) {
  int added = 0;
  for (std::int64_t n = first; n <= last; ++n) {
    auto st = PrepareStatement(c_, kInsertCveId);
    if (!st) return st.error();
    st->BindText(1, fmt::format("CVE-{}-{:04}", year, n));
    st->BindInt(2, year);
    st->BindInt(3, n);
    if (auto r = st->Run(); !r) return r.error();
    added += static_cast<int>(st->Changes());
  }
  return added;
}

Result<std::string> SqlitePublicationTx::TakeCveId(std::int64_t vulnerability_id, int year, domain::Timestamp at) {
  auto st = PrepareStatement(c_, kTakeCveId);
  if (!st) return st.error();
  st->BindInt(1, vulnerability_id);
  st->BindInt(2, year);
  st->BindTime(3, at);
  auto row = st->Next();
  if (!row) return row.error();
  if (!*row) return Error::Conflict("the CNA block has no free CVE ID left: add IDs with `cvdhub cve add-block`");
  std::string id = st->Text(0);
  if (auto more = st->Next(); !more) return more.error();
  return id;
}

Result<std::int64_t> SqlitePublicationTx::CountFreeCveIds() { return QueryInt(c_, kCountFreeCveIds); }

}  // namespace cvdhub::store::sqlite
