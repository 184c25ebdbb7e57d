// The reference component's part of a store transaction: imported records
// (CVE, OSV) and the full-text search index over public material. Methods
// return NotFound for a missing row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/reference.hpp"
#include "domain/result.hpp"
#include "domain/search.hpp"

namespace cvdhub::store {

// What the importer needs to know about a stored record to decide whether
// a line replaces it.
struct StoredRecordMeta {
  domain::RecordKind kind = domain::RecordKind::kCve;
  std::string source_hash;
  std::optional<domain::RecordTime> modified;
};

// A record that names another in its aliases or related ids.
struct RecordLink {
  std::string id;
  domain::RecordKind kind = domain::RecordKind::kCve;
  std::string relation;  // "alias" or "related"
};

enum class SearchOrder { kRelevance, kNewest };

struct SearchHit {
  domain::SearchKind kind = domain::SearchKind::kCve;
  std::string key;
  std::string title;
  std::string text;
  std::string url;
  std::optional<domain::Timestamp> published_at;
  std::optional<domain::Timestamp> modified_at;
};

class ReferenceTx {
 public:
  virtual ~ReferenceTx() = default;

  // Imported records, by id ("CVE-2024-1234", "GO-2024-0001").
  virtual Result<std::optional<StoredRecordMeta>> FindRecordMeta(std::string_view id) = 0;
  // Inserts the record, or replaces every part of the stored one with this id.
  // `source_hash` identifies the imported line (a re-import of the same line is a no-op).
  virtual Status PutRecord(const domain::ReferenceRecord& r, std::string_view source_hash,
                           domain::Timestamp imported_at) = 0;
  virtual Result<domain::ReferenceRecord> FindRecord(std::string_view id) = 0;
  // Records whose aliases or related ids name `id`, by id.
  virtual Result<std::vector<RecordLink>> FindRecordsNaming(std::string_view id) = 0;
  virtual Result<std::int64_t> CountRecords(domain::RecordKind kind) = 0;

  // The search index. Only public material goes in (see domain::SearchDoc).
  // Upsert replaces the document with the same kind and key; Delete is ok
  // when there is none.
  virtual Status UpsertSearchDoc(const domain::SearchDoc& doc) = 0;
  virtual Status DeleteSearchDoc(domain::SearchKind kind, std::string_view key) = 0;
  // Documents matching every term of `query`, of `kind` only when given,
  // best first (bm25, titles weighing more) or newest published first;
  // `limit` at most 100.
  virtual Result<std::vector<SearchHit>> Search(const domain::SearchQuery& query,
                                                std::optional<domain::SearchKind> kind, SearchOrder order,
                                                int limit, int offset) = 0;
  // How many documents match `query` (of `kind` only, when given).
  virtual Result<std::int64_t> CountMatches(const domain::SearchQuery& query,
                                            std::optional<domain::SearchKind> kind) = 0;
};

}  // namespace cvdhub::store
