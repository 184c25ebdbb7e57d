// The facts the statistics are made of (domain/stats.hpp), read in one
// transaction: one plain record per report, per case and per
// unreachable-developer entry. Nothing else about a case is read.
#pragma once

#include <vector>

#include "domain/result.hpp"
#include "domain/stats.hpp"

namespace cvdhub::store {

class StatsTx {
 public:
  virtual ~StatsTx() = default;

  // Every report: kind, receipt, status, decision and decline reason.
  virtual Result<std::vector<domain::ReportRecord>> ReportRecords() = 0;
  // Every case: track, status, the report's receipt, the earliest vendor
  // contact, the advisory's publication (published advisories only), the
  // closing time and a website case's fix report.
  virtual Result<std::vector<domain::CaseRecord>> CaseRecords() = 0;
  // When each unreachable-developer entry was listed (PROCESS §5).
  virtual Result<std::vector<domain::Timestamp>> UnreachableListings() = 0;
};

}  // namespace cvdhub::store
