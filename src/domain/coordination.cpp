#include "domain/coordination.hpp"

#include <algorithm>

namespace cvdhub::domain {

const std::vector<VendorStatusWording>& VendorStatusTable() {
  // G6-2 and PROCESS §4.9; CSAF mapping as in shared/reference/README.md.
  static const std::vector<VendorStatusWording> kTable = {
      {VendorStatus::kAffected, "affected", "該当製品あり", "Vulnerable", "known_affected"},
      {VendorStatus::kAffectedInvestigating, "affected_investigating", "該当製品あり：調査中",
       "Vulnerable, investigating", "known_affected+under_investigation"},
      {VendorStatus::kNotAffected, "not_affected", "該当製品なし", "Not vulnerable", "known_not_affected"},
      {VendorStatus::kNotAffectedInvestigating, "not_affected_investigating", "該当製品なし：調査中",
       "Not vulnerable, investigating", "under_investigation"},
      {VendorStatus::kInformationProvided, "information_provided", "脆弱性情報提供済み",
       "Information provided", "under_investigation"},
  };
  return kTable;
}

const VendorStatusWording& Wording(VendorStatus status) {
  for (const auto& w : VendorStatusTable()) {
    if (w.status == status) return w;
  }
  return VendorStatusTable().back();
}

std::optional<VendorStatus> ParseVendorStatus(std::string_view name) {
  for (const auto& w : VendorStatusTable()) {
    if (w.name == name) return w.status;
  }
  return std::nullopt;
}

std::string_view OverviewAnswerName(OverviewAnswer a) {
  switch (a) {
    case OverviewAnswer::kNone: return "none";
    case OverviewAnswer::kMayBeAffected: return "may_be_affected";
    case OverviewAnswer::kNotAffected: return "not_affected";
  }
  return "none";
}

std::optional<OverviewAnswer> ParseOverviewAnswer(std::string_view name) {
  for (auto a : {OverviewAnswer::kNone, OverviewAnswer::kMayBeAffected, OverviewAnswer::kNotAffected}) {
    if (OverviewAnswerName(a) == name) return a;
  }
  return std::nullopt;
}

std::string_view DateResponseName(DateResponse r) {
  switch (r) {
    case DateResponse::kNone: return "none";
    case DateResponse::kAccepted: return "accepted";
    case DateResponse::kRevisionRequested: return "revision_requested";
  }
  return "none";
}

std::optional<DateResponse> ParseDateResponse(std::string_view name) {
  for (auto r : {DateResponse::kNone, DateResponse::kAccepted, DateResponse::kRevisionRequested}) {
    if (DateResponseName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view EngagementName(Engagement e) {
  switch (e) {
    case Engagement::kNotNotified: return "not_notified";
    case Engagement::kNotified: return "notified";
    case Engagement::kAcknowledged: return "acknowledged";
    case Engagement::kDetailsRequested: return "details_requested";
    case Engagement::kDetailsReleased: return "details_released";
    case Engagement::kInvestigating: return "investigating";
    case Engagement::kStatementFiled: return "statement_filed";
    case Engagement::kUnresponsive: return "unresponsive";
  }
  return "not_notified";
}

Engagement DeriveEngagement(const CaseVendor& v, Timestamp now) {
  if (!v.initial_contact_at) return Engagement::kNotNotified;
  // Silent: a question is pending past its due time and nothing was heard since it was asked.
  if (v.answer_due && now > *v.answer_due) return Engagement::kUnresponsive;
  if (v.statement_at) return Engagement::kStatementFiled;
  if (v.investigation_at) return Engagement::kInvestigating;
  if (v.details_released_at) return Engagement::kDetailsReleased;
  if (v.details_requested_at) return Engagement::kDetailsRequested;
  if (v.overview_answer != OverviewAnswer::kNone) return Engagement::kAcknowledged;
  return Engagement::kNotified;
}

std::optional<VendorStatus> EffectiveStatus(const CaseVendor& v) {
  if (v.status) return v.status;
  if (v.details_released_at) return VendorStatus::kInformationProvided;
  return std::nullopt;
}

std::string_view PublicationDateStateName(PublicationDateState s) {
  switch (s) {
    case PublicationDateState::kNone: return "none";
    case PublicationDateState::kProposed: return "proposed";
    case PublicationDateState::kAgreed: return "agreed";
  }
  return "none";
}

std::optional<PublicationDateState> ParsePublicationDateState(std::string_view name) {
  for (auto s : {PublicationDateState::kNone, PublicationDateState::kProposed, PublicationDateState::kAgreed}) {
    if (PublicationDateStateName(s) == name) return s;
  }
  return std::nullopt;
}

CaseClocks ComputeClocks(const std::vector<CaseVendor>& vendors, const ClockSettings& settings) {
  CaseClocks c;
  for (const auto& v : vendors) {
    if (v.initial_contact_at && (!c.initial_contact || *v.initial_contact_at < *c.initial_contact)) {
      c.initial_contact = v.initial_contact_at;
    }
  }
  if (!c.initial_contact) return c;
  const Timestamp start = *c.initial_contact;
  c.target_45 = start + settings.target;          // 45-day target (G4-1)
  c.closing_120 = start + settings.closing;       // 120-day rule (P-F)
  c.closing_warning = *c.closing_120 - settings.closing_warning;
  c.withdrawal_1y = start + settings.withdrawal;  // one year (B *5, G4-5)
  return c;
}

bool EveryoneAcceptedDate(const std::vector<CaseVendor>& vendors) {
  bool any = false;
  for (const auto& v : vendors) {
    if (!InVendorTable(v)) continue;
    any = true;
    if (v.date_response != DateResponse::kAccepted) return false;
  }
  return any;
}

Status ValidateStatement(std::string_view statement, std::string_view advisory_url) {
  if (statement.size() > kMaxLongField || !IsValidUtf8(statement)) {
    return Error::Invalid("statement", "statement must be valid UTF-8 text of at most 100000 bytes");
  }
  if (!advisory_url.empty()) {
    if (advisory_url.size() > 2048 || !(advisory_url.starts_with("https://") || advisory_url.starts_with("http://")) ||
        advisory_url.find_first_of(" \t\r\n\"<>") != std::string_view::npos) {
      return Error::Invalid("advisory_url", "advisory_url must be an http:// or https:// URL");
    }
    // The link in the vendor table must lead somewhere (G6-4): "https://" alone has no host.
    const std::string_view after_scheme = advisory_url.substr(advisory_url.find("://") + 3);
    if (after_scheme.substr(0, after_scheme.find_first_of("/?#")).empty()) {
      return Error::Invalid("advisory_url", "advisory_url must be an http:// or https:// URL");
    }
  }
  return {};
}

std::string_view AffectedName(Affected a) {
  switch (a) {
    case Affected::kYes: return "yes";
    case Affected::kNo: return "no";
    case Affected::kUnknown: return "unknown";
  }
  return "unknown";
}

std::optional<Affected> ParseAffected(std::string_view name) {
  for (auto a : {Affected::kYes, Affected::kNo, Affected::kUnknown}) {
    if (AffectedName(a) == name) return a;
  }
  return std::nullopt;
}

Status ValidateInvestigation(const InvestigationReport& r) {
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"workaround_plan", &r.workaround_plan}, {"fix_plan", &r.fix_plan},
      {"schedule", &r.schedule},               {"publication_plan", &r.publication_plan},
      {"other_developers", &r.other_developers},
  };
  for (const auto& [name, value] : fields) {
    if (value->size() > kMaxLongField || !IsValidUtf8(*value)) {
      return Error::Invalid(std::string(name), std::string(name) + " must be valid UTF-8 of at most 100000 bytes");
    }
  }
  return {};
}

std::string_view ThreadKindName(ThreadKind t) {
  switch (t) {
    case ThreadKind::kVendor: return "vendor";
    case ThreadKind::kCase: return "case";
    case ThreadKind::kPartner: return "partner";
  }
  return "case";
}

std::optional<ThreadKind> ParseThreadKind(std::string_view name) {
  for (auto t : {ThreadKind::kVendor, ThreadKind::kCase, ThreadKind::kPartner}) {
    if (ThreadKindName(t) == name) return t;
  }
  return std::nullopt;
}

const std::vector<std::string_view>& CriticalInfraSectors() {
  // The sectors the coordinator may pre-release to (G4-4), as PROCESS §4.7 lists them.
  static const std::vector<std::string_view> kSectors = {
      "info_communications", "finance", "aviation", "railways", "electricity", "gas",
      "medical", "water", "logistics", "chemicals", "credit", "petroleum",
  };
  return kSectors;
}

}  // namespace cvdhub::domain
