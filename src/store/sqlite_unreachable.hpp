// SQLite implementation of UnreachableTx.
#pragma once

#include "store/sqlite_internal.hpp"
#include "store/unreachable_store.hpp"

namespace cvdhub::store::sqlite {

class SqliteUnreachableTx final : public UnreachableTx {
 public:
  explicit SqliteUnreachableTx(Connection& c) : c_(c) {}

  Result<std::int64_t> InsertAttempt(const domain::ContactAttempt& a) override;
  Result<std::vector<domain::ContactAttempt>> ListAttempts(domain::CaseId case_id,
                                                           std::optional<std::int64_t> vendor_id) override;
  Result<std::int64_t> InsertEntry(const domain::UnreachableEntry& e) override;
  Status UpdateEntry(const domain::UnreachableEntry& e) override;
  Result<domain::UnreachableEntry> FindEntry(std::int64_t id) override;
  Result<domain::UnreachableEntry> FindEntryByDid(const std::string& did) override;
  Result<domain::UnreachableEntry> FindOpenEntry(domain::CaseId case_id, std::int64_t vendor_id) override;
  Result<std::vector<domain::UnreachableEntry>> ListEntries(domain::CaseId case_id) override;
  Result<std::vector<domain::UnreachableEntry>> ListAllEntries() override;
  Result<std::vector<domain::UnreachableEntry>> ListSubmittedEntries() override;
  Status UpsertVote(const domain::CommitteeVoteRecord& v) override;
  Result<std::vector<domain::CommitteeVoteRecord>> ListVotes(std::int64_t entry_id) override;

 private:
  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
