// Coordination of a product case (PROCESS.md §3–§4): vendor statuses and
// their public wording, each vendor's engagement, the case clocks and the
// one publication date.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/case.hpp"
#include "domain/report.hpp"

namespace cvdhub::domain {

// The vendor status statement (G6-2) with its exact public wording.
enum class VendorStatus {
  kAffected,                  // 該当製品あり
  kAffectedInvestigating,     // 該当製品あり：調査中
  kNotAffected,               // 該当製品なし
  kNotAffectedInvestigating,  // 該当製品なし：調査中
  kInformationProvided,       // 脆弱性情報提供済み (default once details were released)
};
struct VendorStatusWording {
  VendorStatus status;
  std::string_view name;          // wire name, e.g. "affected_investigating"
  std::string_view ja;            // the JVN wording
  std::string_view en;
  std::string_view csaf;          // CSAF product_status; "known_affected+under_investigation" for two
};
const std::vector<VendorStatusWording>& VendorStatusTable();
const VendorStatusWording& Wording(VendorStatus status);
std::optional<VendorStatus> ParseVendorStatus(std::string_view name);

// The vendor's answer to an overview notice (G2-1).
enum class OverviewAnswer { kNone, kMayBeAffected, kNotAffected };
std::string_view OverviewAnswerName(OverviewAnswer a);
std::optional<OverviewAnswer> ParseOverviewAnswer(std::string_view name);

// The vendor's answer to the proposed publication date.
enum class DateResponse { kNone, kAccepted, kRevisionRequested };
std::string_view DateResponseName(DateResponse r);
std::optional<DateResponse> ParseDateResponse(std::string_view name);

// How far a vendor has come. Derived from its record, never stored, so it
// cannot disagree with the facts. "Unresponsive" (silent) is never "not affected".
enum class Engagement {
  kNotNotified,
  kNotified,          // overview sent, no answer yet
  kAcknowledged,      // answered the overview: not affected, or acknowledged
  kDetailsRequested,  // asked for details, not yet released
  kDetailsReleased,
  kInvestigating,     // filed an investigation report, no statement yet
  kStatementFiled,
  kUnresponsive,      // no answer by the reminder deadline
};
std::string_view EngagementName(Engagement e);

// A vendor taking part in a case.
struct CaseVendor {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  std::string vendor_name;
  bool registered = true;          // an unregistered developer must register first (G2-3)
  bool obvious = false;            // the affected developer is obvious: the overview step is skipped
  int tier = 0;                    // notification order: 0 = upstream, notified first (P-G)
  std::optional<Timestamp> initial_contact_at;  // 起算日 for this vendor
  std::optional<Timestamp> overview_sent_at;
  OverviewAnswer overview_answer = OverviewAnswer::kNone;
  std::optional<Timestamp> overview_answered_at;
  std::optional<Timestamp> details_requested_at;
  std::optional<Timestamp> details_released_at;
  std::optional<Timestamp> investigation_at;
  std::optional<VendorStatus> status;  // set from details release on (default information provided)
  std::string statement;                // free text for the advisory
  std::string advisory_url;
  std::optional<Timestamp> statement_at;
  bool fix_ready = false;               // Vultron F
  bool fix_deployed = false;            // Vultron D
  std::optional<Timestamp> last_answer_at;
  std::optional<Timestamp> answer_due;  // reminder deadline for the pending question
  DateResponse date_response = DateResponse::kNone;
  std::string date_comment;
  std::string rm_state = "START";       // Vultron report management
};

// Derives the engagement state at `now`.
Engagement DeriveEngagement(const CaseVendor& v, Timestamp now);
// True once details were released: the vendor appears in the vendor table (G3).
inline bool InVendorTable(const CaseVendor& v) { return v.details_released_at.has_value(); }

// The status shown for a vendor: its statement, or "information provided"
// once details were released; nullopt before that.
std::optional<VendorStatus> EffectiveStatus(const CaseVendor& v);

// The case's publication date: one moment for all vendors (G4-1).
enum class PublicationDateState { kNone, kProposed, kAgreed };
std::string_view PublicationDateStateName(PublicationDateState s);
std::optional<PublicationDateState> ParsePublicationDateState(std::string_view name);

struct PublicationDate {
  PublicationDateState state = PublicationDateState::kNone;
  std::optional<Timestamp> at;       // UTC
  std::string foreign_coordinator;  // set when a foreign coordinator leads (G4-6)
  std::string early_reason;         // set when moved forward after a leak or exploitation (G8-5)
};

// The clocks of a case, from the earliest initial contact (P-F, G4-1, B *5).
struct CaseClocks {
  std::optional<Timestamp> initial_contact;  // earliest vendor contact
  std::optional<Timestamp> target_45;        // 45-day target
  std::optional<Timestamp> closing_120;      // 120-day rule
  std::optional<Timestamp> closing_warning;  // warning before the 120-day mark
  std::optional<Timestamp> withdrawal_1y;    // finder may ask to lift non-disclosure
};
struct ClockSettings {
  std::chrono::days target{45};
  std::chrono::days closing{120};
  std::chrono::days closing_warning{14};  // warn this long before the 120-day mark
  std::chrono::days withdrawal{365};
  std::chrono::days answer_within{10};    // a vendor's answer is due this long after a notice
};
CaseClocks ComputeClocks(const std::vector<CaseVendor>& vendors, const ClockSettings& settings);

// True when every vendor in the vendor table accepted the proposed date.
bool EveryoneAcceptedDate(const std::vector<CaseVendor>& vendors);


// The case-level coordination record.
struct CaseCoordination {
  CaseId case_id = 0;
  std::string overview;     // overview notice text: no technical detail (G2-1)
  std::string details;      // released only to vendors who asked or were obvious (G3)
  std::string product_ids;  // CPEs / PURLs of the affected product, one per line
  std::string keywords;     // technologies involved, comma-separated
  PublicationDate publication;
  std::string em_state = "NONE";  // Vultron embargo management
  bool public_aware = false;      // Vultron P
  bool exploit_public = false;    // Vultron X
  bool attacks_observed = false;  // Vultron A
  std::optional<Timestamp> closed_at;
  std::int64_t version = 1;       // bumped by every change
};

// One status statement as filed, kept as dated history (G6-5).
struct StatusHistoryEntry {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  VendorStatus status = VendorStatus::kInformationProvided;
  std::string statement;
  std::string advisory_url;
  Timestamp at{};
  UserId by_user = 0;
};

// The vendor's investigation report (G3-3).
enum class Affected { kYes, kNo, kUnknown };
std::string_view AffectedName(Affected a);
std::optional<Affected> ParseAffected(std::string_view name);

struct InvestigationReport {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  Affected affected = Affected::kUnknown;
  std::string workaround_plan;
  std::string fix_plan;
  std::string schedule;
  std::string publication_plan;
  std::string other_developers;  // other developers it believes affected: the coordinator widens the case
  Timestamp at{};
  UserId by_user = 0;
};
Status ValidateInvestigation(const InvestigationReport& r);

// Threads of a case. Vendors never see each other's threads (G8-3).
enum class ThreadKind { kVendor, kCase, kPartner };
std::string_view ThreadKindName(ThreadKind t);
std::optional<ThreadKind> ParseThreadKind(std::string_view name);

struct CaseMessage {
  std::int64_t id = 0;
  CaseId case_id = 0;
  ThreadKind thread = ThreadKind::kCase;
  std::int64_t party_id = 0;  // the vendor or partner of a per-party thread
  UserId author_id = 0;
  std::string author_name;
  Role author_role = Role::kCoordinator;
  std::string body;
  Timestamp created_at{};
};

// A vendor in a case proposing another vendor (upstream library, downstream product).
struct VendorProposal {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t proposed_by = 0;           // vendor id
  std::string vendor_name;
  std::optional<std::int64_t> vendor_id;  // when it names a registered vendor
  std::string relation = "other";         // upstream, downstream, other
  std::string reason;
  std::string state = "pending";          // pending, approved, rejected
  Timestamp created_at{};
  std::optional<Timestamp> decided_at;
};

// The twelve critical-infrastructure sectors of G4-4.
const std::vector<std::string_view>& CriticalInfraSectors();

// Critical-infrastructure pre-release (G4-4) or a vendor's customer pre-notification (G6-3).
struct Prerelease {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::string kind;  // "critical_infra" or "customer_prenotification"
  std::string sector;
  std::optional<std::int64_t> vendor_id;
  std::string note;
  std::string state = "requested";  // requested, approved, refused
  UserId requested_by = 0;
  Timestamp created_at{};
  std::optional<UserId> decided_by;
  std::optional<Timestamp> decided_at;
};

// A vendor's partner (secondary distribution, G8-2), admitted to one case only.
struct CasePartner {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  std::string organisation;
  std::string person;
  std::string email;
  std::optional<UserId> user_id;
  Timestamp created_at{};
  std::optional<Timestamp> admitted_at;
};

// Validations of vendor input (statement text, URLs, comments).
Status ValidateStatement(std::string_view statement, std::string_view advisory_url);

}  // namespace cvdhub::domain
