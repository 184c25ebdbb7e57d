// The publication component's part of a store transaction: advisories, their
// vulnerabilities, products, update history, review comments and the CNA's
// block of CVE IDs. Methods return NotFound for a missing row and Conflict on
// a duplicate.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/advisory.hpp"
#include "domain/result.hpp"

namespace cvdhub::store {

struct AdvisoryComment {
  std::int64_t id = 0;
  std::int64_t advisory_id = 0;
  std::int64_t vendor_id = 0;
  domain::UserId author_id = 0;
  std::string author_name;
  std::string body;
  domain::Timestamp created_at{};
};

class PublicationTx {
 public:
  virtual ~PublicationTx() = default;

  // Advisories, loaded with their vulnerabilities and products.
  virtual Result<std::int64_t> InsertAdvisory(const domain::Advisory& a) = 0;
  virtual Result<domain::Advisory> FindAdvisoryByCase(domain::CaseId case_id) = 0;
  virtual Result<domain::Advisory> FindAdvisoryByIdentifier(const std::string& identifier) = 0;
  // Writes the sections, vulnerabilities (matched by id; new ones inserted,
  // missing ones deleted unless they hold a CVE ID) and products; bumps the version.
  virtual Status UpdateAdvisoryContent(const domain::Advisory& a, domain::Timestamp at) = 0;
  // Moves the state only from `from`; Conflict when the advisory is no longer in `from`.
  virtual Status MoveAdvisoryState(std::int64_t id, domain::AdvisoryState from, domain::AdvisoryState to,
                                   domain::Timestamp at) = 0;
  // The publication itself: scheduled → published, once. False when another
  // process (or an earlier run) already published it or it was unscheduled.
  virtual Result<bool> MarkPublished(std::int64_t id, domain::Timestamp at) = 0;
  virtual Status SetModified(std::int64_t id, domain::Timestamp at) = 0;
  virtual Status SetVulnerabilityCve(std::int64_t vulnerability_id, const std::string& cve_id,
                                     domain::CveSource source) = 0;

  // Scheduled advisories whose case has an agreed moment: (case id, moment), earliest first.
  virtual Result<std::vector<std::pair<std::int64_t, domain::Timestamp>>> ListScheduled() = 0;

  // Published advisories, newest publication first.
  virtual Result<std::vector<domain::Advisory>> ListPublished(int limit, int offset) = 0;
  virtual Result<std::int64_t> CountPublished() = 0;
  // Published advisories modified at or after `since`, last modified first.
  virtual Result<std::vector<domain::Advisory>> ListModifiedSince(domain::Timestamp since, int limit) = 0;

  virtual Result<std::int64_t> InsertUpdate(std::int64_t advisory_id, const domain::AdvisoryUpdate& u) = 0;
  virtual Result<std::vector<domain::AdvisoryUpdate>> ListUpdates(std::int64_t advisory_id) = 0;

  virtual Result<std::int64_t> InsertComment(const AdvisoryComment& c) = 0;
  // Every vendor's comments, or one vendor's.
  virtual Result<std::vector<AdvisoryComment>> ListComments(std::int64_t advisory_id,
                                                            std::optional<std::int64_t> vendor_id) = 0;

  // The CNA block.
  virtual Result<int> AddCveIds(int year, std::int64_t first, std::int64_t last) = 0;
  // Takes the lowest free ID (of `year` if any is left, else any year) for the vulnerability.
  virtual Result<std::string> TakeCveId(std::int64_t vulnerability_id, int year, domain::Timestamp at) = 0;
  virtual Result<std::int64_t> CountFreeCveIds() = 0;
};

}  // namespace cvdhub::store
