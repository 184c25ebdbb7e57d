// Triage use cases (PROCESS.md §2): the analyst's queue, acknowledgement,
// priority, and the accept/decline decision that tells the finder.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/case.hpp"
#include "domain/ssvc.hpp"

namespace cvdhub::app {

struct QueueItem {
  domain::Report report;
  bool ack_overdue = false;
  int business_days_left = 0;  // until the acknowledgement deadline; negative when overdue
};

class Triage {
 public:
  explicit Triage(Context& ctx) : ctx_(ctx) {}

  // Open reports (received or acknowledged), by priority then deadline.
  Result<std::vector<QueueItem>> Queue(const Actor& actor);
  // received → acknowledged, with a message to the finder in their language.
  Status Acknowledge(const Actor& actor, domain::ReportId id, const std::string& note);
  Status SetPriority(const Actor& actor, domain::ReportId id, const domain::PriorityFlags& flags);
  // Accepts the report: a software report becomes a case with a JVN#/JVNVU#
  // identifier; a website report enters the website track. The finder is told.
  Result<domain::Case> Accept(const Actor& actor, domain::ReportId id, const std::string& note,
                              std::optional<domain::ReportSource> source = std::nullopt);
  // Declines with one of the policy's reasons; the finder is told the reason
  // in their language. kAlreadyPublic ends handling like any decline.
  Status Decline(const Actor& actor, domain::ReportId id, domain::DeclineReason reason,
                 const std::string& note);

  // The SSVC coordinator-triage table (CERT/CC, compiled in), for the
  // decline / track / coordinate helper. Triage staff only.
  Result<const domain::SsvcDecisionTable*> SsvcTable(const Actor& actor) const;

 private:
  // Loads the report inside `tx` and checks the actor may triage it.
  Result<domain::Report> LoadForTriage(store::Tx& tx, const Actor& actor, domain::ReportId id);
  Status TellFinder(store::Tx& tx, const Actor& actor, const domain::Report& r, std::string body);
  Status RecordStatus(store::Tx& tx, const Actor& actor, const domain::Report& r,
                      domain::ReportStatus from);

  Context& ctx_;
};

}  // namespace cvdhub::app
