// SQLite implementations of WebsiteTx and StatsTx.
#pragma once

#include "store/sqlite_internal.hpp"
#include "store/stats_store.hpp"
#include "store/website_store.hpp"

namespace cvdhub::store::sqlite {

class SqliteWebsiteTx final : public WebsiteTx {
 public:
  explicit SqliteWebsiteTx(Connection& c) : c_(c) {}

  Result<domain::WebsiteCase> FindWebsiteCase(domain::CaseId case_id) override;
  Result<std::vector<domain::WebsiteCase>> ListWebsiteCases() override;
  Status SaveWebsiteCase(const domain::WebsiteCase& w) override;
  Result<domain::CaseId> FindWebsiteCaseByInvite(const std::string& token_hash) override;
  Result<std::vector<domain::CaseId>> CasesOfOperator(domain::UserId user_id) override;
  Result<std::vector<domain::UserId>> OperatorsOfCase(domain::CaseId case_id) override;
  Result<std::int64_t> InsertWebsiteMessage(const domain::WebsiteMessage& m) override;
  Result<std::vector<domain::WebsiteMessage>> ListWebsiteMessages(domain::CaseId case_id) override;

 private:
  Connection& c_;
};

class SqliteStatsTx final : public StatsTx {
 public:
  explicit SqliteStatsTx(Connection& c) : c_(c) {}

  Result<std::vector<domain::ReportRecord>> ReportRecords() override;
  Result<std::vector<domain::CaseRecord>> CaseRecords() override;
  Result<std::vector<domain::Timestamp>> UnreachableListings() override;

 private:
  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
