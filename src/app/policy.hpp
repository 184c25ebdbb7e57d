// Authorisation, decided in one place (PROCESS.md §1). Deny by default: an
// action is allowed only where a rule below says so. Handlers never decide.
#pragma once

#include <optional>

#include "domain/report.hpp"
#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::app {

// Who is asking. An anonymous visitor has no user.
struct Actor {
  std::optional<domain::User> user;
  static Actor Anonymous() { return {}; }
  bool IsAnonymous() const { return !user.has_value(); }
  domain::UserId id() const { return user ? user->id : 0; }
};

enum class Action {
  kSubmitReport,
  kListOwnReports,
  kViewReport,          // the report, its attachments, thread and history
  kPostReportMessage,
  kAddAttachment,
  kViewQueue,           // the intake queue of all open reports
  kTriageReport,        // acknowledge, accept, decline, set priority
  kListCases,
  kViewCase,
  kManageUsers,
};

// What the policy needs to know about a report.
struct ReportFacts {
  domain::UserId finder_user_id = 0;
  bool handed_to_coordination = false;  // accepted into a case
  bool actor_is_case_member = false;
};

// Ok when `actor` may perform `action`. Denials of objects the actor may not
// even know about return NotFound, so that existence does not leak;
// anonymous callers get Unauthenticated; everything else Forbidden.
Status Authorize(const Actor& actor, Action action, const ReportFacts* report = nullptr);

}  // namespace cvdhub::app
