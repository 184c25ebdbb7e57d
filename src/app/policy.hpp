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
  kViewStatistics,      // the staff statistics (the public summary needs no account)
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

// The website track (PROCESS §6) stays with the receiving organisation: its
// intake analysts (and the lead coordinator, who may do all intake work) own
// every website case; coordinators of product cases have no part in it. A
// website operator sees only the cases its account was admitted to.
struct WebsiteFacts {
  bool actor_is_operator = false;  // an operator account admitted to this case
};

enum class WebsiteAction {
  kList,            // the list of website cases: staff all, an operator its own
  kManage,          // contact, notification, reminders, due date, invitation, closing
  kView,            // the case page: staff, or its admitted operator
  kOperatorAnswer,  // verification, fix, publication choice, thread: the operator, or staff on its behalf
};

// Ok when the actor may do `action`; denials are NotFound (the case's existence
// does not leak) or Unauthenticated.
Status AuthorizeWebsite(const Actor& actor, WebsiteAction action, const WebsiteFacts& facts);

}  // namespace cvdhub::app

namespace cvdhub::app {

// The release-decision committee (公表判定委員会, G7-2). Its members are third
// parties: they see a case only once its dossier was sent to them, and only
// that dossier; coordinators of the case prepare it and record the decision.
struct CommitteeFacts {
  bool actor_is_case_member = false;  // a coordinator assigned to the case
  bool submitted = false;             // the dossier was sent to the committee
};

enum class CommitteeAction {
  kList,     // the list of dossiers: members see the submitted ones, coordinators their cases'
  kView,     // a dossier: the case's coordinators (also before submission), members from submission
  kVote,     // a member's vote
  kDecide,   // recording the committee's decision and publishing it: the case's coordinators
};

// Ok when the actor may do `action`; denials are NotFound (a dossier's
// existence does not leak), Forbidden for kList, or Unauthenticated.
Status AuthorizeCommittee(const Actor& actor, CommitteeAction action, const CommitteeFacts& facts);

}  // namespace cvdhub::app
