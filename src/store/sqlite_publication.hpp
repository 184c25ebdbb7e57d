// SQLite implementation of PublicationTx.
#pragma once

#include "store/publication_store.hpp"
#include "store/sqlite_internal.hpp"

namespace cvdhub::store::sqlite {

class SqlitePublicationTx final : public PublicationTx {
 public:
  explicit SqlitePublicationTx(Connection& c) : c_(c) {}

  // An advisory row and its stored fields document (read again for the
  // vulnerabilities' translation states once they are loaded).
  struct AdvisoryRow {
    domain::Advisory advisory;
    std::string fields;
  };

  Result<std::int64_t> InsertAdvisory(const domain::Advisory& a) override;
  Result<domain::Advisory> FindAdvisoryByCase(domain::CaseId case_id) override;
  Result<domain::Advisory> FindAdvisoryByIdentifier(const std::string& identifier) override;
  Status UpdateAdvisoryContent(const domain::Advisory& a, domain::Timestamp at) override;
  Status MoveAdvisoryState(std::int64_t id, domain::AdvisoryState from, domain::AdvisoryState to,
                           domain::Timestamp at) override;
  Result<bool> MarkPublished(std::int64_t id, domain::Timestamp at) override;
  Status SetModified(std::int64_t id, domain::Timestamp at) override;
  Status SetVulnerabilityCve(std::int64_t vulnerability_id, const std::string& cve_id,
                             domain::CveSource source) override;
  Result<std::vector<std::pair<std::int64_t, domain::Timestamp>>> ListScheduled() override;
  Result<std::vector<domain::Advisory>> ListPublished(int limit, int offset) override;
  Result<std::int64_t> CountPublished() override;
  Result<std::vector<domain::Advisory>> ListModifiedSince(domain::Timestamp since, int limit) override;
  Result<std::int64_t> InsertUpdate(std::int64_t advisory_id, const domain::AdvisoryUpdate& u) override;
  Result<std::vector<domain::AdvisoryUpdate>> ListUpdates(std::int64_t advisory_id) override;
  Result<std::int64_t> InsertComment(const AdvisoryComment& c) override;
  Result<std::vector<AdvisoryComment>> ListComments(std::int64_t advisory_id,
                                                    std::optional<std::int64_t> vendor_id) override;
  Result<int> AddCveIds(int year, std::int64_t first, std::int64_t last) override;
  Result<std::string> TakeCveId(std::int64_t vulnerability_id, int year, domain::Timestamp at) override;
  Result<std::int64_t> CountFreeCveIds() override;

 private:
  // Completes each row with its vulnerabilities and products.
  Result<std::vector<domain::Advisory>> LoadParts(std::vector<AdvisoryRow> rows);
  Result<domain::Advisory> FindOne(std::string_view sql, const std::string& key, std::int64_t id);

  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
