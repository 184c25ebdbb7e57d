#include "app/policy.hpp"

namespace cvdhub::app {

using domain::Role;

namespace {

bool IsTriageStaff(Role r) { return r == Role::kIntakeAnalyst || r == Role::kLeadCoordinator; }

// May `actor` see this report at all?
bool CanSeeReport(const domain::User& u, const ReportFacts& f) {
  switch (u.role) {
    case Role::kFinder:
      return f.finder_user_id != 0 && f.finder_user_id == u.id;
    case Role::kIntakeAnalyst:
      // Intake sees all reports until they are handed to coordination (PROCESS §1).
      return !f.handed_to_coordination;
    case Role::kLeadCoordinator:
      return true;
    case Role::kCoordinator:
      // Coordinators see reports of the cases they are assigned to.
      return f.handed_to_coordination && f.actor_is_case_member;
    default:
      return false;
  }
}

}  // namespace

Status Authorize(const Actor& actor, Action action, const ReportFacts* report) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const domain::User& u = *actor.user;
  if (u.disabled) return Error::Forbidden();

  switch (action) {
    case Action::kSubmitReport:
      // Finders report from their account so they can follow up; intake staff
      // enter reports that arrived by other channels.
      if (u.role == Role::kFinder || IsTriageStaff(u.role)) return {};
      break;
    case Action::kListOwnReports:
      if (u.role == Role::kFinder) return {};
      break;
    case Action::kViewReport:
    case Action::kPostReportMessage:
    case Action::kAddAttachment:
      if (report != nullptr && CanSeeReport(u, *report)) return {};
      return Error::NotFound("report not found");
    case Action::kViewQueue:
    case Action::kTriageReport:
      // Triage staff only; a report the caller cannot even see stays unknown to it.
      if (IsTriageStaff(u.role) && (report == nullptr || CanSeeReport(u, *report))) return {};
      if (report != nullptr && !CanSeeReport(u, *report)) return Error::NotFound("report not found");
      break;
    case Action::kListCases:
      if (u.role == Role::kCoordinator || u.role == Role::kLeadCoordinator) return {};
      break;
    case Action::kViewCase:
      if (u.role == Role::kLeadCoordinator) return {};
      if (u.role == Role::kCoordinator && report != nullptr && report->actor_is_case_member) return {};
      return Error::NotFound("case not found");
    case Action::kManageUsers:
      if (u.role == Role::kAdmin) return {};
      break;
    case Action::kViewStatistics:
      if (domain::IsStaff(u.role)) return {};
      break;
  }
  return Error::Forbidden();
}

}  // namespace cvdhub::app

namespace cvdhub::app {

Status AuthorizeCase(const Actor& actor, CaseAction action, const CaseFacts& f) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const domain::User& u = *actor.user;
  if (u.disabled) return Error::NotFound("case not found");
  const bool coordinator =
      u.role == Role::kLeadCoordinator || (u.role == Role::kCoordinator && f.actor_is_member);
  const bool vendor = u.role == Role::kVendor;
  switch (action) {
    case CaseAction::kCoordinate:
      if (coordinator) return {};
      break;
    case CaseAction::kViewAsVendor:
    case CaseAction::kVendorAnswer:
      if (vendor && f.actor_vendor_notified) return {};
      break;
    case CaseAction::kVendorDetails:
      if (vendor && f.actor_vendor_notified && f.actor_vendor_has_details) return {};
      break;
    case CaseAction::kCaseThread:
      // All admitted participants: coordinators, vendors with details, admitted partners.
      if (coordinator || (vendor && f.actor_vendor_has_details) ||
          (u.role == Role::kRelatedOrg && f.actor_is_partner)) {
        return {};
      }
      break;
    case CaseAction::kViewAsPartner:
      if (u.role == Role::kRelatedOrg && f.actor_is_partner) return {};
      break;
  }
  return Error::NotFound("case not found");
}

Status AuthorizeVendorEdit(const Actor& actor, bool actor_is_vendor_member) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const Role r = actor.user->role;
  if (actor.user->disabled) return Error::Forbidden();
  if (r == Role::kCoordinator || r == Role::kLeadCoordinator) return {};
  if (r == Role::kVendor && actor_is_vendor_member) return {};
  return Error::NotFound("vendor not found");
}

}  // namespace cvdhub::app

namespace cvdhub::app {

Status AuthorizeWebsite(const Actor& actor, WebsiteAction action, const WebsiteFacts& f) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const domain::User& u = *actor.user;
  if (u.disabled) return Error::NotFound("case not found");
  const bool staff = IsTriageStaff(u.role);
  const bool its_operator = u.role == Role::kWebsiteOperator && f.actor_is_operator;
  switch (action) {
    case WebsiteAction::kList:
      if (staff || u.role == Role::kWebsiteOperator) return {};
      return Error::Forbidden();
    case WebsiteAction::kManage:
      if (staff) return {};
      break;
    case WebsiteAction::kView:
    case WebsiteAction::kOperatorAnswer:
      if (staff || its_operator) return {};
      break;
  }
  return Error::NotFound("case not found");
}

}  // namespace cvdhub::app

namespace cvdhub::app {

Status AuthorizeCommittee(const Actor& actor, CommitteeAction action, const CommitteeFacts& f) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const domain::User& u = *actor.user;
  if (u.disabled) return Error::NotFound("dossier not found");
  const bool coordinator =
      u.role == Role::kLeadCoordinator || (u.role == Role::kCoordinator && f.actor_is_case_member);
  const bool member = u.role == Role::kCommittee;
  switch (action) {
    case CommitteeAction::kList:
      if (member || u.role == Role::kCoordinator || u.role == Role::kLeadCoordinator) return {};
      return Error::Forbidden();
    case CommitteeAction::kView:
      if (coordinator || (member && f.submitted)) return {};
      break;
    case CommitteeAction::kVote:
      if (member && f.submitted) return {};
      break;
    case CommitteeAction::kDecide:
      if (coordinator) return {};
      break;
  }
  return Error::NotFound("dossier not found");
}

}  // namespace cvdhub::app
