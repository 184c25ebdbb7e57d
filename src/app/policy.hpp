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

namespace cvdhub::app {

// What the policy needs to know about the actor's place in one case.
struct CaseFacts {
  bool actor_is_member = false;          // assigned to the case (coordinators)
  bool actor_vendor_notified = false;    // the actor's vendor received an overview or details
  bool actor_vendor_has_details = false; // … and details were released to it
  bool actor_is_partner = false;         // an admitted related organisation
};

enum class CaseAction {
  kCoordinate,      // everything a coordinator does in a case, and the full view
  kViewAsVendor,    // a vendor's own view: overview, own record, own thread
  kVendorAnswer,    // answer the overview, ask for details
  kVendorDetails,   // see details, file investigation and statement, answer the date, propose vendors, partners
  kCaseThread,      // read and post in the case-wide thread
  kViewAsPartner,   // a related organisation's view of the one case it was admitted to
};

// Ok when the actor may do `action` in a case with these facts. Denials are
// NotFound (the case's existence does not leak) or Unauthenticated.
Status AuthorizeCase(const Actor& actor, CaseAction action, const CaseFacts& facts);

// Registry changes of one vendor: its own members, and coordinators.
Status AuthorizeVendorEdit(const Actor& actor, bool actor_is_vendor_member);

}  // namespace cvdhub::app
