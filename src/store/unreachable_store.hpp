// The unreachable-developer component's part of a store transaction: contact
// attempts (append-only), the entries of the unreachable-developer list and
// the release-decision committee's votes. Methods return NotFound for a
// missing row and Conflict on a duplicate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/result.hpp"
#include "domain/unreachable.hpp"

namespace cvdhub::store {

class UnreachableTx {
 public:
  virtual ~UnreachableTx() = default;

  virtual Result<std::int64_t> InsertAttempt(const domain::ContactAttempt& a) = 0;
  // A case's attempts (one vendor's, or all), oldest first.
  virtual Result<std::vector<domain::ContactAttempt>> ListAttempts(domain::CaseId case_id,
                                                                   std::optional<std::int64_t> vendor_id) = 0;

  // Conflict when the DID is taken or the developer already has an open entry in the case.
  virtual Result<std::int64_t> InsertEntry(const domain::UnreachableEntry& e) = 0;
  // Writes every mutable column and bumps the version; Conflict when the
  // stored version is no longer e.version (someone else changed it first).
  virtual Status UpdateEntry(const domain::UnreachableEntry& e) = 0;
  virtual Result<domain::UnreachableEntry> FindEntry(std::int64_t id) = 0;
  virtual Result<domain::UnreachableEntry> FindEntryByDid(const std::string& did) = 0;
  // The developer's open (not resolved) entry in the case; NotFound when none.
  virtual Result<domain::UnreachableEntry> FindOpenEntry(domain::CaseId case_id, std::int64_t vendor_id) = 0;
  // A case's entries, oldest first.
  virtual Result<std::vector<domain::UnreachableEntry>> ListEntries(domain::CaseId case_id) = 0;
  // Every entry, newest listing first (the public list picks what it shows).
  virtual Result<std::vector<domain::UnreachableEntry>> ListAllEntries() = 0;
  // Entries sent to the committee (submitted_at set), newest submission first.
  virtual Result<std::vector<domain::UnreachableEntry>> ListSubmittedEntries() = 0;

  // Inserts or replaces the member's vote.
  virtual Status UpsertVote(const domain::CommitteeVoteRecord& v) = 0;
  virtual Result<std::vector<domain::CommitteeVoteRecord>> ListVotes(std::int64_t entry_id) = 0;
};

}  // namespace cvdhub::store
