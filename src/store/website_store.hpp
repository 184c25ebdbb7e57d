// The website track's part of a store transaction (PROCESS.md §6): the
// track's record of each website case, the operators admitted to it and the
// thread with them. Methods return NotFound for a missing case.
#pragma once

#include <string>
#include <vector>

#include "domain/result.hpp"
#include "domain/website.hpp"

namespace cvdhub::store {

// The role name operators are admitted to a case with (case_members.role).
inline constexpr const char* kWebsiteOperatorMember = "website_operator";

class WebsiteTx {
 public:
  virtual ~WebsiteTx() = default;

  // The website case `case_id` with its track record; a case without a stored
  // record reads as an empty one (version 0) with the report's site URL and
  // name. NotFound when no case of the website track has that id.
  virtual Result<domain::WebsiteCase> FindWebsiteCase(domain::CaseId case_id) = 0;
  // Every website case, newest first.
  virtual Result<std::vector<domain::WebsiteCase>> ListWebsiteCases() = 0;
  // Writes the track record (inserting it the first time, bumping its version
  // otherwise) and `case_status` into cases.status. NotFound for a case that
  // is not of the website track.
  virtual Status SaveWebsiteCase(const domain::WebsiteCase& w) = 0;
  // The case with an open operator invitation of this token hash; NotFound otherwise.
  virtual Result<domain::CaseId> FindWebsiteCaseByInvite(const std::string& token_hash) = 0;
  // The cases an account is admitted to as operator, newest first.
  virtual Result<std::vector<domain::CaseId>> CasesOfOperator(domain::UserId user_id) = 0;
  // The operator accounts admitted to a case.
  virtual Result<std::vector<domain::UserId>> OperatorsOfCase(domain::CaseId case_id) = 0;

  virtual Result<std::int64_t> InsertWebsiteMessage(const domain::WebsiteMessage& m) = 0;
  // The thread of a case, oldest first.
  virtual Result<std::vector<domain::WebsiteMessage>> ListWebsiteMessages(domain::CaseId case_id) = 0;
};

}  // namespace cvdhub::store
