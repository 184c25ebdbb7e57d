// A vulnerability report from intake to triage decision (PROCESS.md §2).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::domain {

using ReportId = std::int64_t;
using CaseId = std::int64_t;
using Timestamp = std::chrono::sys_seconds;  // always UTC

enum class ReportKind { kSoftware, kWebsite };
std::string_view ReportKindName(ReportKind kind);  // "software" / "website"
std::optional<ReportKind> ParseReportKind(std::string_view name);

// Where a report came from decides the advisory identifier family (PROCESS §7):
// JVN# for the Partnership's receiving organisation, JVNVU# otherwise.
enum class ReportSource { kPartnership, kOverseasCoordinator, kDirect };
std::string_view ReportSourceName(ReportSource source);
std::optional<ReportSource> ParseReportSource(std::string_view name);

// received → acknowledged → accepted | declined. A decision acknowledges too.
enum class ReportStatus { kReceived, kAcknowledged, kAccepted, kDeclined };
std::string_view ReportStatusName(ReportStatus status);
std::optional<ReportStatus> ParseReportStatus(std::string_view name);

// The decline reasons the policy names (P-B, B). kAlreadyPublic ends handling (B *4).
enum class DeclineReason {
  kNotAVulnerability,
  kDebugMode,
  kTrainingSoftware,
  kVersionNotReproducible,
  kNotMaintained,
  kStale18Months,
  kMinimalImpactJapan,
  kAlreadyPublic,
  kXssWithoutImpact,
  kOutOfScope,
};
std::string_view DeclineReasonName(DeclineReason reason);  // e.g. "not_a_vulnerability"
std::optional<DeclineReason> ParseDeclineReason(std::string_view name);
const std::vector<DeclineReason>& AllDeclineReasons();

// Priority is raised for these (P-C). More flags, higher priority.
struct PriorityFlags {
  bool wide_effect_japan = false;
  bool critical_infrastructure = false;
  bool large_user_base = false;  // large user base, many products or several developers
  int Score() const { return int{wide_effect_japan} + int{critical_infrastructure} + int{large_user_base}; }
};

// What a finder submits: every field PROCESS §2 lists.
struct ReportSubmission {
  ReportKind kind = ReportKind::kSoftware;
  std::string title;
  std::string product_name;      // software: product; website: site name (optional)
  std::string product_version;   // software: exact version affected
  std::string product_url;       // software: product page; website: the site URL
  std::string discovery_method;  // how it was found
  std::string tools_used;
  std::string reproduction;      // PoC or reproduction steps
  std::string impact;            // impact or threat model
  bool publicly_known = false;
  std::string public_reference;  // where, if publicly known
  std::string time_constraints;  // e.g. a conference talk date
  bool vendor_contacted = false;
  std::string vendor_contact_details;
  std::string finder_name;
  std::string finder_contact;    // kept from unrelated third parties
  bool wants_credit = false;
  std::string credit_name;
  Language language = Language::kJa;  // the finder's language for messages
  ReportSource source = ReportSource::kPartnership;
};

// Field limits. Exceeding one is a validation error naming the field.
inline constexpr std::size_t kMaxShortField = 300;
inline constexpr std::size_t kMaxLongField = 100'000;

// Checks required fields, lengths, URLs and UTF-8. Returns the first problem
// as Error::Invalid(field, message).
Status ValidateSubmission(const ReportSubmission& s);

// A stored report.
struct Report {
  ReportId id = 0;
  std::string intake_number;  // e.g. "IN-2026-00001"
  ReportSubmission submission;
  UserId finder_user_id = 0;  // 0 when it came from outside an account (mail, CLI)
  ReportStatus status = ReportStatus::kReceived;
  PriorityFlags priority;
  std::optional<DeclineReason> decline_reason;
  std::string decision_note;
  Timestamp received_at{};
  std::chrono::sys_days ack_deadline{};  // 5 business days after receipt (P-A)
  std::optional<Timestamp> acknowledged_at;
  std::optional<Timestamp> decided_at;
  std::optional<CaseId> case_id;
  std::string case_identifier;  // JVN#…, JVNVU#…, or the website track's number
};

// True when the report has not been acknowledged and its deadline (a JST
// calendar date) is before `today_jst`.
bool IsAckOverdue(const Report& r, std::chrono::sys_days today_jst);

// Triage transitions. Each returns Conflict when the report's status forbids it.
Status CheckCanAcknowledge(const Report& r);
Status CheckCanDecide(const Report& r);  // accept or decline

// The attachment limits and metadata (bytes are kept by the store).
struct Attachment {
  std::int64_t id = 0;
  ReportId report_id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;  // lowercase hex
  Timestamp created_at{};
  UserId uploaded_by = 0;
};
// A file as uploaded, before it is stored.
struct AttachmentUpload {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

// Checks a file name (no path separators or control characters, ≤ 255 bytes).
Status ValidateAttachmentName(std::string_view filename);

// A message in a report's finder thread.
struct Message {
  std::int64_t id = 0;
  ReportId report_id = 0;
  UserId author_id = 0;
  std::string author_name;
  Role author_role = Role::kFinder;
  std::string body;
  Timestamp created_at{};
};
Status ValidateMessageBody(std::string_view body);

// One append-only history entry: who did what, when, from what to what.
struct Event {
  std::int64_t id = 0;
  std::string subject_type;  // "report", "case"
  std::int64_t subject_id = 0;
  UserId actor_id = 0;       // 0 = the system
  std::string actor_name;
  Timestamp at{};
  std::string action;        // e.g. "report.submitted", "report.status"
  std::string field;
  std::string from_value;
  std::string to_value;
};

// True when `text` is well-formed UTF-8 without NUL.
bool IsValidUtf8(std::string_view text);

}  // namespace cvdhub::domain
