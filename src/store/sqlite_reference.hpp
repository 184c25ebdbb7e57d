// SQLite implementation of ReferenceTx.
#pragma once

#include "store/reference_store.hpp"
#include "store/sqlite_internal.hpp"

namespace cvdhub::store::sqlite {

class SqliteReferenceTx final : public ReferenceTx {
 public:
  explicit SqliteReferenceTx(Connection& c) : c_(c) {}

  Result<std::optional<StoredRecordMeta>> FindRecordMeta(std::string_view id) override;
  Status PutRecord(const domain::ReferenceRecord& r, std::string_view source_hash,
                   domain::Timestamp imported_at) override;
  Result<domain::ReferenceRecord> FindRecord(std::string_view id) override;
  Result<std::vector<RecordLink>> FindRecordsNaming(std::string_view id) override;
  Result<std::int64_t> CountRecords(domain::RecordKind kind) override;

  Status UpsertSearchDoc(const domain::SearchDoc& doc) override;
  Status DeleteSearchDoc(domain::SearchKind kind, std::string_view key) override;
  Result<std::vector<SearchHit>> Search(const domain::SearchQuery& query, std::optional<domain::SearchKind> kind,
                                        SearchOrder order, int limit, int offset) override;
  Result<std::int64_t> CountMatches(const domain::SearchQuery& query,
                                    std::optional<domain::SearchKind> kind) override;

 private:
  // A failed MATCH is the query's fault (FTS5 syntax), not the store's.
  Error MatchError(const Error& e) const;

  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
