#include "store/sqlite_reference.hpp"

#include <nlohmann/json.hpp>

namespace cvdhub::store::sqlite {
namespace {

using domain::RecordTime;
using nlohmann::json;

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

constexpr std::string_view kFindRecordMeta =
    "SELECT kind, source_hash, modified_at FROM reference_records WHERE record_id = ?1";
// The parts go with the record (ON DELETE CASCADE).
constexpr std::string_view kDeleteRecord = "DELETE FROM reference_records WHERE record_id = ?1";
constexpr std::string_view kInsertRecord =
    "INSERT INTO reference_records (record_id, kind, state, format_version, assigner_org_id,"
    " assigner_short_name, published_at, modified_at, reserved_at, rejected_at, withdrawn_at, source_hash,"
    " imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id";
constexpr std::string_view kInsertContainer =
    "INSERT INTO reference_containers (record_id, container, org_id, short_name, date_updated)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kInsertText =
    "INSERT INTO reference_texts (record_id, position, container, kind, lang, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kInsertAffected =
    "INSERT INTO reference_affected (record_id, position, container, vendor, product, package_name, ecosystem,"
    " purl, collection_url, repo, default_status, cpes, platforms, versions, ranges)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
constexpr std::string_view kInsertProblemType =
    "INSERT INTO reference_problem_types (record_id, position, container, grp, cwe_id, type, lang, description)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kInsertMetric =
    "INSERT INTO reference_metrics (record_id, position, container, type, vector, base_score, severity)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kInsertLink =
    "INSERT INTO reference_links (record_id, position, container, url, name, type, tags)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kInsertAlias =
    "INSERT INTO reference_aliases (record_id, position, alias, relation) VALUES (?1, ?2, ?3, ?4)";

constexpr std::string_view kFindRecord =
    "SELECT id, record_id, kind, state, format_version, assigner_org_id, assigner_short_name, published_at,"
    " modified_at, reserved_at, rejected_at, withdrawn_at FROM reference_records WHERE record_id = ?1";
constexpr std::string_view kListContainers =
    "SELECT container, org_id, short_name, date_updated FROM reference_containers WHERE record_id = ?1"
    " ORDER BY container";
constexpr std::string_view kListTexts =
    "SELECT container, kind, lang, value FROM reference_texts WHERE record_id = ?1 ORDER BY position";
constexpr std::string_view kListAffected =
    "SELECT container, vendor, product, package_name, ecosystem, purl, collection_url, repo, default_status,"
    " cpes, platforms, versions, ranges FROM reference_affected WHERE record_id = ?1 ORDER BY position";
constexpr std::string_view kListProblemTypes =
    "SELECT container, grp, cwe_id, type, lang, description FROM reference_problem_types WHERE record_id = ?1"
    " ORDER BY position";
constexpr std::string_view kListMetrics =
    "SELECT container, type, vector, base_score, severity FROM reference_metrics WHERE record_id = ?1"
    " ORDER BY position";
constexpr std::string_view kListLinks =
    "SELECT container, url, name, type, tags FROM reference_links WHERE record_id = ?1 ORDER BY position";
constexpr std::string_view kListAliases =
    "SELECT alias, relation FROM reference_aliases WHERE record_id = ?1 ORDER BY position";
constexpr std::string_view kFindRecordsNaming =
    "SELECT r.record_id, r.kind, a.relation FROM reference_aliases a JOIN reference_records r ON r.id = a.record_id"
    " WHERE a.alias = ?1 ORDER BY r.record_id";
constexpr std::string_view kCountRecords = "SELECT count(*) FROM reference_records WHERE kind = ?1";

// The search index (search_index.rowid = search_documents.id).
constexpr std::string_view kFindSearchDoc = "SELECT id FROM search_documents WHERE kind = ?1 AND key = ?2";
constexpr std::string_view kInsertSearchDoc =
    "INSERT INTO search_documents (kind, key, title, text, url, published_at, modified_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
constexpr std::string_view kUpdateSearchDoc =
    "UPDATE search_documents SET title = ?2, text = ?3, url = ?4, published_at = ?5, modified_at = ?6"
    " WHERE id = ?1";
constexpr std::string_view kDeleteSearchDoc = "DELETE FROM search_documents WHERE id = ?1";
constexpr std::string_view kInsertIndex = "INSERT INTO search_index (rowid, title, body) VALUES (?1, ?2, ?3)";
constexpr std::string_view kDeleteIndex = "DELETE FROM search_index WHERE rowid = ?1";
// Best first: bm25 with titles weighing ten times the body; the page is
// chosen before the documents are read.
constexpr std::string_view kSearchRelevance =
    "SELECT d.kind, d.key, d.title, d.text, d.url, d.published_at, d.modified_at FROM"
    " (SELECT rowid, bm25(search_index, 10.0, 1.0) AS score FROM search_index WHERE search_index MATCH ?1"
    "  ORDER BY score, rowid DESC LIMIT ?2 OFFSET ?3) m"
    " JOIN search_documents d ON d.id = m.rowid ORDER BY m.score, m.rowid DESC";
constexpr std::string_view kSearchNewest =
    "SELECT d.kind, d.key, d.title, d.text, d.url, d.published_at, d.modified_at FROM"
    " (SELECT s.id FROM search_index JOIN search_documents s ON s.id = search_index.rowid"
    "  WHERE search_index MATCH ?1 AND (?4 IS NULL OR s.kind = ?4)"
    "  ORDER BY s.published_at DESC, s.id DESC LIMIT ?2 OFFSET ?3) m"
    " JOIN search_documents d ON d.id = m.id ORDER BY d.published_at DESC, d.id DESC";
constexpr std::string_view kCountMatches = "SELECT count(*) FROM search_index WHERE search_index MATCH ?1";
// Relevance and count of one kind of document (?4, ?2 in the count); kSearchNewest
// filters by kind itself (?4 NULL: every kind), its join being needed anyway.
constexpr std::string_view kSearchRelevanceOfKind =
    "SELECT d.kind, d.key, d.title, d.text, d.url, d.published_at, d.modified_at FROM"
    " (SELECT search_index.rowid AS rowid, bm25(search_index, 10.0, 1.0) AS score FROM search_index"
    "  JOIN search_documents s ON s.id = search_index.rowid WHERE search_index MATCH ?1 AND s.kind = ?4"
    "  ORDER BY score, rowid DESC LIMIT ?2 OFFSET ?3) m"
    " JOIN search_documents d ON d.id = m.rowid ORDER BY m.score, m.rowid DESC";
constexpr std::string_view kCountMatchesOfKind =
    "SELECT count(*) FROM search_index JOIN search_documents s ON s.id = search_index.rowid"
    " WHERE search_index MATCH ?1 AND s.kind = ?2";

// ---------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------

std::int64_t Micros(RecordTime t) { return t.time_since_epoch().count(); }

void BindOptRecordTime(Stmt& s, int i, const std::optional<RecordTime>& t) {
  if (t) s.BindInt(i, Micros(*t)); else s.BindNull(i);
}

std::optional<RecordTime> OptRecordTime(const Stmt& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  return RecordTime{std::chrono::microseconds{s.Int(col)}};
}

std::string StringArray(const std::vector<std::string>& v) { return json(v).dump(); }

// Parses a JSON column; Corrupt when it does not parse as the expected shape.
template <typename Fn>
Status FromJsonColumn(const std::string& text, std::string_view table, std::string_view column, Fn fn) {
  try {
    fn(json::parse(text));
    return {};
  } catch (const json::exception&) {
    return Corrupt(table, column, 0);
  }
}

std::string VersionsJson(const domain::RecordAffected& a) {
  if (!a.enumerated_versions.empty()) return StringArray(a.enumerated_versions);
  json out = json::array();
  for (const auto& v : a.versions) {
    json j = json::object();
    j["version"] = v.version;
    j["status"] = v.status;
    if (!v.less_than.empty()) j["lessThan"] = v.less_than;
    if (!v.less_than_or_equal.empty()) j["lessThanOrEqual"] = v.less_than_or_equal;
    if (!v.version_type.empty()) j["versionType"] = v.version_type;
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::string RangesJson(const std::vector<domain::RecordRange>& ranges) {
  json out = json::array();
  for (const auto& r : ranges) {
    json events = json::array();
    for (const auto& [kind, value] : r.events) events.push_back(json{{kind, value}});
    json j = {{"type", r.type}, {"events", std::move(events)}};
    if (!r.repo.empty()) j["repo"] = r.repo;
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Error SqliteReferenceTx::MatchError(const Error& e) const {
  if (sqlite3_errcode(c_.db) != SQLITE_ERROR) return e;
  Error invalid = Error::Invalid("q", "this query cannot be searched; try other words");
  invalid.internal = e.internal;
  return invalid;
}

Result<std::optional<StoredRecordMeta>> SqliteReferenceTx::FindRecordMeta(std::string_view id) {
  auto st = PrepareStatement(c_, kFindRecordMeta);
  if (!st) return st.error();
  st->BindText(1, id);
  auto row = st->Next();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredRecordMeta>{};
  const auto kind = domain::ParseRecordKind(st->Text(0));
  if (!kind) return Corrupt("reference_records", "kind", 0);
  return std::optional<StoredRecordMeta>{StoredRecordMeta{*kind, st->Text(1), OptRecordTime(*st, 2)}};
}

Status SqliteReferenceTx::PutRecord(const domain::ReferenceRecord& r, std::string_view source_hash,
                                    domain::Timestamp imported_at) {
  {
    auto del = PrepareStatement(c_, kDeleteRecord);
    if (!del) return del.error();
    del->BindText(1, r.id);
    if (auto s = del->Run(); !s) return s;
  }
  std::int64_t rid = 0;
  {
    auto ins = PrepareStatement(c_, kInsertRecord);
    if (!ins) return ins.error();
    ins->BindText(1, r.id);
    ins->BindText(2, domain::RecordKindName(r.kind));
    ins->BindText(3, r.state);
    ins->BindText(4, r.format_version);
    ins->BindText(5, r.assigner_org_id);
    ins->BindText(6, r.assigner_short_name);
    BindOptRecordTime(*ins, 7, r.published);
    BindOptRecordTime(*ins, 8, r.modified);
    BindOptRecordTime(*ins, 9, r.reserved);
    BindOptRecordTime(*ins, 10, r.rejected);
    BindOptRecordTime(*ins, 11, r.withdrawn);
    ins->BindText(12, source_hash);
    ins->BindTime(13, imported_at);
    auto id = ins->OneInt();
    if (!id) return id.error();
    rid = *id;
  }
  for (std::size_t i = 0; i < r.containers.size(); ++i) {
    const auto& c = r.containers[i];
    auto s = PrepareStatement(c_, kInsertContainer);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindText(3, c.org_id);
    s->BindText(4, c.short_name);
    BindOptRecordTime(*s, 5, c.date_updated);
    if (auto st = s->Run(); !st) return st;
  }
  for (std::size_t i = 0; i < r.texts.size(); ++i) {
    const auto& t = r.texts[i];
    auto s = PrepareStatement(c_, kInsertText);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindInt(3, t.container);
    s->BindText(4, domain::TextKindName(t.kind));
    s->BindText(5, t.lang);
    s->BindText(6, t.value);
    if (auto st = s->Run(); !st) return st;
  }
  for (std::size_t i = 0; i < r.affected.size(); ++i) {
    const auto& a = r.affected[i];
    auto s = PrepareStatement(c_, kInsertAffected);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindInt(3, a.container);
    s->BindText(4, a.vendor);
    s->BindText(5, a.product);
    s->BindText(6, a.package_name);
    s->BindText(7, a.ecosystem);
    s->BindText(8, a.purl);
    s->BindText(9, a.collection_url);
    s->BindText(10, a.repo);
    s->BindText(11, a.default_status);
    s->BindText(12, StringArray(a.cpes));
    s->BindText(13, StringArray(a.platforms));
    s->BindText(14, VersionsJson(a));
    s->BindText(15, RangesJson(a.ranges));
    if (auto st = s->Run(); !st) return st;
  }
  for (std::size_t i = 0; i < r.problem_types.size(); ++i) {
    const auto& p = r.problem_types[i];
    auto s = PrepareStatement(c_, kInsertProblemType);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindInt(3, p.container);
    s->BindInt(4, p.group);
    s->BindText(5, p.cwe_id);
    s->BindText(6, p.type);
    s->BindText(7, p.lang);
    s->BindText(8, p.description);
    if (auto st = s->Run(); !st) return st;
  }
  for (std::size_t i = 0; i < r.metrics.size(); ++i) {
    const auto& m = r.metrics[i];
    auto s = PrepareStatement(c_, kInsertMetric);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindInt(3, m.container);
    s->BindText(4, m.type);
    s->BindText(5, m.vector);
    if (m.score) s->BindDouble(6, *m.score); else s->BindNull(6);
    s->BindText(7, m.severity);
    if (auto st = s->Run(); !st) return st;
  }
  for (std::size_t i = 0; i < r.references.size(); ++i) {
    const auto& l = r.references[i];
    auto s = PrepareStatement(c_, kInsertLink);
    if (!s) return s.error();
    s->BindInt(1, rid);
    s->BindInt(2, static_cast<std::int64_t>(i));
    s->BindInt(3, l.container);
    s->BindText(4, l.url);
    s->BindText(5, l.name);
    s->BindText(6, l.type);
    s->BindText(7, StringArray(l.tags));
    if (auto st = s->Run(); !st) return st;
  }
  std::int64_t position = 0;
  for (const auto* list : {&r.aliases, &r.related}) {
    const std::string_view relation = list == &r.aliases ? "alias" : "related";
    for (const auto& alias : *list) {
      auto s = PrepareStatement(c_, kInsertAlias);
      if (!s) return s.error();
      s->BindInt(1, rid);
      s->BindInt(2, position++);
      s->BindText(3, alias);
      s->BindText(4, relation);
      if (auto st = s->Run(); !st) return st;
    }
  }
  return {};
}

Result<domain::ReferenceRecord> SqliteReferenceTx::FindRecord(std::string_view id) {
  domain::ReferenceRecord r;
  std::int64_t rid = 0;
  {
    auto s = PrepareStatement(c_, kFindRecord);
    if (!s) return s.error();
    s->BindText(1, id);
    auto row = s->Next();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("record not found");
    rid = s->Int(0);
    r.id = s->Text(1);
    const auto kind = domain::ParseRecordKind(s->Text(2));
    if (!kind) return Corrupt("reference_records", "kind", rid);
    r.kind = *kind;
    r.state = s->Text(3);
    r.format_version = s->Text(4);
    r.assigner_org_id = s->Text(5);
    r.assigner_short_name = s->Text(6);
    r.published = OptRecordTime(*s, 7);
    r.modified = OptRecordTime(*s, 8);
    r.reserved = OptRecordTime(*s, 9);
    r.rejected = OptRecordTime(*s, 10);
    r.withdrawn = OptRecordTime(*s, 11);
  }
  {
    auto s = PrepareStatement(c_, kListContainers);
    if (!s) return s.error();
    s->BindInt(1, rid);
    auto rows = CollectRows<domain::RecordContainer>(*s, [](const Stmt& q) {
      return domain::RecordContainer{q.Text(1), q.Text(2), OptRecordTime(q, 3)};
    });
    if (!rows) return rows.error();
    r.containers = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListTexts);
    if (!s) return s.error();
    s->BindInt(1, rid);
    auto rows = CollectRows<domain::RecordText>(*s, [rid](const Stmt& q) -> Result<domain::RecordText> {
      const auto kind = domain::ParseTextKind(q.Text(1));
      if (!kind) return Corrupt("reference_texts", "kind", rid);
      return domain::RecordText{static_cast<int>(q.Int(0)), *kind, q.Text(2), q.Text(3)};
    });
    if (!rows) return rows.error();
    r.texts = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListAffected);
    if (!s) return s.error();
    s->BindInt(1, rid);
    const bool osv = r.kind == domain::RecordKind::kOsv;
    auto rows = CollectRows<domain::RecordAffected>(*s, [rid, osv](const Stmt& q) -> Result<domain::RecordAffected> {
      domain::RecordAffected a;
      a.container = static_cast<int>(q.Int(0));
      a.vendor = q.Text(1);
      a.product = q.Text(2);
      a.package_name = q.Text(3);
      a.ecosystem = q.Text(4);
      a.purl = q.Text(5);
      a.collection_url = q.Text(6);
      a.repo = q.Text(7);
      a.default_status = q.Text(8);
      auto st = FromJsonColumn(q.Text(9), "reference_affected", "cpes",
                               [&](const json& j) { a.cpes = j.get<std::vector<std::string>>(); });
      if (st) {
        st = FromJsonColumn(q.Text(10), "reference_affected", "platforms",
                            [&](const json& j) { a.platforms = j.get<std::vector<std::string>>(); });
      }
      if (st) {
        st = FromJsonColumn(q.Text(11), "reference_affected", "versions", [&](const json& j) {
          for (const auto& v : j) {
            if (osv) {
              a.enumerated_versions.push_back(v.get<std::string>());
            } else {
              a.versions.push_back({Str(v, "version"), Str(v, "status"), Str(v, "lessThan"),
                                    Str(v, "lessThanOrEqual"), Str(v, "versionType")});
            }
          }
        });
      }
      if (st) {
        st = FromJsonColumn(q.Text(12), "reference_affected", "ranges", [&](const json& j) {
          for (const auto& rj : j) {
            domain::RecordRange range{Str(rj, "type"), Str(rj, "repo"), {}};
            for (const auto& e : rj.at("events")) {
              for (const auto& [k, v] : e.items()) range.events.emplace_back(k, v.get<std::string>());
            }
            a.ranges.push_back(std::move(range));
          }
        });
      }
      if (!st) return Corrupt("reference_affected", "json", rid);
      return a;
    });
    if (!rows) return rows.error();
    r.affected = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListProblemTypes);
    if (!s) return s.error();
    s->BindInt(1, rid);
    auto rows = CollectRows<domain::RecordProblemType>(*s, [](const Stmt& q) {
      return domain::RecordProblemType{static_cast<int>(q.Int(0)), static_cast<int>(q.Int(1)), q.Text(2),
                                       q.Text(3), q.Text(4), q.Text(5)};
    });
    if (!rows) return rows.error();
    r.problem_types = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListMetrics);
    if (!s) return s.error();
    s->BindInt(1, rid);
    auto rows = CollectRows<domain::RecordMetric>(*s, [](const Stmt& q) {
      std::optional<double> score;
      if (!q.IsNull(3)) score = q.Double(3);
      return domain::RecordMetric{static_cast<int>(q.Int(0)), q.Text(1), q.Text(2), score, q.Text(4)};
    });
    if (!rows) return rows.error();
    r.metrics = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListLinks);
    if (!s) return s.error();
    s->BindInt(1, rid);
    auto rows = CollectRows<domain::RecordReference>(*s, [rid](const Stmt& q) -> Result<domain::RecordReference> {
      domain::RecordReference l{static_cast<int>(q.Int(0)), q.Text(1), q.Text(2), q.Text(3), {}};
      auto st = FromJsonColumn(q.Text(4), "reference_links", "tags",
                               [&](const json& j) { l.tags = j.get<std::vector<std::string>>(); });
      if (!st) return Corrupt("reference_links", "tags", rid);
      return l;
    });
    if (!rows) return rows.error();
    r.references = std::move(*rows);
  }
  {
    auto s = PrepareStatement(c_, kListAliases);
    if (!s) return s.error();
    s->BindInt(1, rid);
    while (true) {
      auto row = s->Next();
      if (!row) return row.error();
      if (!*row) break;
      (s->Text(1) == "related" ? r.related : r.aliases).push_back(s->Text(0));
    }
  }
  return r;
}

Result<std::vector<RecordLink>> SqliteReferenceTx::FindRecordsNaming(std::string_view id) {
  auto s = PrepareStatement(c_, kFindRecordsNaming);
  if (!s) return s.error();
  s->BindText(1, id);
  return CollectRows<RecordLink>(*s, [](const Stmt& q) -> Result<RecordLink> {
    const auto kind = domain::ParseRecordKind(q.Text(1));
    if (!kind) return Corrupt("reference_records", "kind", 0);
    return RecordLink{q.Text(0), *kind, q.Text(2)};
  });
}

Result<std::int64_t> SqliteReferenceTx::CountRecords(domain::RecordKind kind) {
  auto s = PrepareStatement(c_, kCountRecords);
  if (!s) return s.error();
  s->BindText(1, domain::RecordKindName(kind));
  return s->OneInt();
}

Status SqliteReferenceTx::UpsertSearchDoc(const domain::SearchDoc& doc) {
  std::optional<std::int64_t> existing;
  {
    auto s = PrepareStatement(c_, kFindSearchDoc);
    if (!s) return s.error();
    s->BindText(1, domain::SearchKindName(doc.kind));
    s->BindText(2, doc.key);
    auto id = s->OneInt();
    if (id) {
      existing = *id;
    } else if (id.error().code != ErrorCode::kNotFound) {
      return id.error();
    }
  }
  std::int64_t id = 0;
  if (existing) {
    id = *existing;
    auto del = PrepareStatement(c_, kDeleteIndex);
    if (!del) return del.error();
    del->BindInt(1, id);
    if (auto st = del->Run(); !st) return st;
    auto up = PrepareStatement(c_, kUpdateSearchDoc);
    if (!up) return up.error();
    up->BindInt(1, id);
    up->BindText(2, doc.title);
    up->BindText(3, doc.text);
    up->BindText(4, doc.url);
    up->BindOptTime(5, doc.published_at);
    up->BindOptTime(6, doc.modified_at);
    if (auto st = up->Run(); !st) return st;
  } else {
    auto ins = PrepareStatement(c_, kInsertSearchDoc);
    if (!ins) return ins.error();
    ins->BindText(1, domain::SearchKindName(doc.kind));
    ins->BindText(2, doc.key);
    ins->BindText(3, doc.title);
    ins->BindText(4, doc.text);
    ins->BindText(5, doc.url);
    ins->BindOptTime(6, doc.published_at);
    ins->BindOptTime(7, doc.modified_at);
    auto got = ins->OneInt();
    if (!got) return got.error();
    id = *got;
  }
  auto idx = PrepareStatement(c_, kInsertIndex);
  if (!idx) return idx.error();
  idx->BindInt(1, id);
  // The key is part of the title, so that an ID finds its document first.
  idx->BindText(2, domain::IndexText(doc.key + ' ' + doc.title));
  idx->BindText(3, domain::IndexText(doc.text));
  return idx->Run();
}

Status SqliteReferenceTx::DeleteSearchDoc(domain::SearchKind kind, std::string_view key) {
  std::int64_t id = 0;
  {
    auto s = PrepareStatement(c_, kFindSearchDoc);
    if (!s) return s.error();
    s->BindText(1, domain::SearchKindName(kind));
    s->BindText(2, key);
    auto got = s->OneInt();
    if (!got) return got.error().code == ErrorCode::kNotFound ? Status() : Status(got.error());
    id = *got;
  }
  for (const auto sql : {kDeleteIndex, kDeleteSearchDoc}) {
    auto s = PrepareStatement(c_, sql);
    if (!s) return s.error();
    s->BindInt(1, id);
    if (auto st = s->Run(); !st) return st;
  }
  return {};
}

Result<std::vector<SearchHit>> SqliteReferenceTx::Search(const domain::SearchQuery& query,
                                                         std::optional<domain::SearchKind> kind, SearchOrder order,
                                                         int limit, int offset) {
  const bool newest = order == SearchOrder::kNewest;
  auto s = PrepareStatement(c_, newest ? kSearchNewest : kind ? kSearchRelevanceOfKind : kSearchRelevance);
  if (!s) return s.error();
  s->BindText(1, query.Fts5Expression());
  s->BindInt(2, std::clamp(limit, 0, 100));
  s->BindInt(3, std::max(offset, 0));
  if (kind) {
    s->BindText(4, domain::SearchKindName(*kind));
  } else if (newest) {
    s->BindNull(4);
  }
  auto rows = CollectRows<SearchHit>(*s, [](const Stmt& q) -> Result<SearchHit> {
    const auto kind = domain::ParseSearchKind(q.Text(0));
    if (!kind) return Corrupt("search_documents", "kind", 0);
    std::optional<domain::Timestamp> published, modified;
    if (!q.IsNull(5)) published = q.Time(5);
    if (!q.IsNull(6)) modified = q.Time(6);
    return SearchHit{*kind, q.Text(1), q.Text(2), q.Text(3), q.Text(4), published, modified};
  });
  if (!rows) return MatchError(rows.error());
  return rows;
}

Result<std::int64_t> SqliteReferenceTx::CountMatches(const domain::SearchQuery& query,
                                                     std::optional<domain::SearchKind> kind) {
  auto s = PrepareStatement(c_, kind ? kCountMatchesOfKind : kCountMatches);
  if (!s) return s.error();
  s->BindText(1, query.Fts5Expression());
  if (kind) s->BindText(2, domain::SearchKindName(*kind));
  auto n = s->OneInt();
  if (!n) return MatchError(n.error());
  return n;
}

}  // namespace cvdhub::store::sqlite
