// The website track (PROCESS.md §6, brochure "To Website Operators"): the
// receiving organisation finds the operator's contact, notifies the operator,
// who verifies, reports the result, fixes and reports the fix within about
// three months of the notification; the finder is told after the fix and
// keeps the information to itself until then; nothing is published unless
// the operator chooses to (B *12). Pure values and functions: no clock, no I/O.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"
#include "domain/report.hpp"

namespace cvdhub::domain {

// Where the operator's contact came from: the contact the site publishes
// (what the brochure asks every operator to provide), or one the analyst
// found some other way (WHOIS, the company's main number, …).
enum class ContactSource { kNone, kPublished, kFound };
std::string_view ContactSourceName(ContactSource s);  // "none", "published", "found"
std::optional<ContactSource> ParseContactSource(std::string_view name);

// How the notification reached the operator. Mail goes through the outbox;
// the others are recorded by the analyst who made them.
enum class NotifyChannel { kMail, kPost, kPhone, kOther };
std::string_view NotifyChannelName(NotifyChannel c);  // "mail", "post", "phone", "other"
std::optional<NotifyChannel> ParseNotifyChannel(std::string_view name);

// The operator's verification report (B: "verify the vulnerability and
// determine its impact … report the results of the verification").
enum class Verification { kNone, kConfirmed, kNotReproduced };
std::string_view VerificationName(Verification v);  // "none", "confirmed", "not_reproduced"
std::optional<Verification> ParseVerification(std::string_view name);

// The operator's choice about publication. Not publishing is the default
// (B *12: publishing is not required; it is considered after a fix when there
// may be secondary damage such as a personal-data breach).
enum class PublicationChoice { kUndecided, kNotPublish, kPublish };
std::string_view PublicationChoiceName(PublicationChoice c);  // "undecided", "not_publish", "publish"
std::optional<PublicationChoice> ParsePublicationChoice(std::string_view name);

// The website operator's contact as the analyst recorded it.
struct OperatorContact {
  std::string name;         // organisation or person
  std::string email;
  std::string phone;
  ContactSource source = ContactSource::kNone;
  std::string source_note;  // where: the page publishing the contact, or how the analyst found it
  std::optional<Timestamp> recorded_at;
};

// One website case: the case row plus the track's record.
struct WebsiteCase {
  CaseId case_id = 0;
  std::string identifier;  // "WEB-2026-0001"
  ReportId report_id = 0;
  std::string title;
  std::string case_status;  // cases.status
  Timestamp created_at{};

  std::string site_url;
  std::string site_name;
  OperatorContact contact;
  std::string details;  // what the operator is told; never the finder's name or contact
  std::optional<Timestamp> notified_at;  // the clock starts here
  NotifyChannel notify_channel = NotifyChannel::kMail;
  std::optional<std::chrono::sys_days> fix_due;  // JST date, set at notification, may be extended
  Verification verification = Verification::kNone;
  std::string verification_note;
  std::optional<Timestamp> verified_at;
  std::optional<Timestamp> fixed_at;
  std::string fix_note;
  std::optional<Timestamp> finder_told_at;
  PublicationChoice publication = PublicationChoice::kUndecided;
  std::string publication_url;      // the operator's own announcement
  std::string publication_summary;  // one paragraph the operator wants shown
  std::optional<Timestamp> publication_at;
  std::optional<Timestamp> reminder_sent_at;
  std::optional<Timestamp> closed_at;
  std::string close_reason;
  std::string invite_token_hash;  // SHA-256 of an open operator invitation
  std::int64_t version = 0;       // 0: no track record stored yet
};

// A message in the thread between the receiving organisation and the operator.
struct WebsiteMessage {
  std::int64_t id = 0;
  CaseId case_id = 0;
  UserId author_id = 0;
  std::string author_name;
  Role author_role = Role::kIntakeAnalyst;
  bool on_behalf = false;  // staff recording what the operator said by mail or phone
  std::string body;
  Timestamp created_at{};
};

// Where a case stands, derived from its record (never stored on its own, so
// it cannot disagree with the facts).
enum class WebsiteStage { kContactPending, kContactKnown, kNotified, kVerified, kFixed, kClosed };
WebsiteStage StageOf(const WebsiteCase& w);
std::string_view WebsiteStageName(WebsiteStage s);  // "contact_pending", …
// The value kept in cases.status for a stage ("website_track" before any contact, …).
std::string_view CaseStatusFor(WebsiteStage s);

// The ~3-month clock (B: "within approximately three months from the time
// since IPA notified"), configurable.
struct WebsiteClockSettings {
  int fix_months = 3;                        // due this many calendar months after notification
  std::chrono::days reminder_before{14};     // "due soon" this long before the due date
};

// AddMonths (calendar months, clamped to the month's end) is in domain/calendar.hpp.
// The due date: `fix_months` after the JST calendar date of the notification.
std::chrono::sys_days FixDueDate(Timestamp notified_at, const WebsiteClockSettings& settings);

enum class ClockState {
  kNotStarted,  // not notified yet
  kRunning,
  kDueSoon,     // within reminder_before of the due date: remind the operator
  kOverdue,     // past the due date without a fix: escalate
  kStopped,     // fix reported, or the case closed
};
std::string_view ClockStateName(ClockState s);  // "not_started", "running", "due_soon", "overdue", "stopped"

struct WebsiteClock {
  ClockState state = ClockState::kNotStarted;
  std::optional<std::chrono::sys_days> due;
  int days_left = 0;  // calendar days from today to the due date; negative when overdue
};
// The clock on JST date `today`. A due date is the last day in time: overdue from the day after.
WebsiteClock ComputeWebsiteClock(const WebsiteCase& w, std::chrono::sys_days today,
                                 const WebsiteClockSettings& settings);

// The finder's non-disclosure for a website report runs from the report to
// the correction of the vulnerability (B, table of non-disclosure periods).
struct NonDisclosure {
  bool running = true;
  std::optional<std::chrono::sys_days> ended_on;  // JST date of the fix report
};
NonDisclosure FinderNonDisclosure(const WebsiteCase& w);

// Limits of the free-text fields.
inline constexpr std::size_t kMaxWebsiteNote = 20'000;

// Checks a contact: a name, an e-mail address or a phone number, and where it
// came from (a source and a note saying where). Invalid naming the field.
Status ValidateOperatorContact(const OperatorContact& c);
// The operator's publication choice: "publish" needs the http(s) URL of its announcement.
Status ValidatePublicationChoice(PublicationChoice choice, std::string_view url, std::string_view summary);
// A free-text note of at most kMaxWebsiteNote bytes of UTF-8 (empty allowed unless `required`).
Status ValidateWebsiteNote(std::string_view field, std::string_view text, bool required);

// The track's steps, each Conflict (saying why) when the case's state forbids it.
Status CheckCanEditContact(const WebsiteCase& w);
Status CheckCanNotify(const WebsiteCase& w, NotifyChannel channel);
Status CheckCanReportVerification(const WebsiteCase& w);
Status CheckCanReportFix(const WebsiteCase& w);
Status CheckCanChoosePublication(const WebsiteCase& w);
Status CheckCanRemind(const WebsiteCase& w);
Status CheckCanExtend(const WebsiteCase& w, std::chrono::sys_days new_due);
Status CheckCanClose(const WebsiteCase& w);

// True when the operator chose to publish and reported the fix: only then may
// anything about the case appear on a public page.
bool IsPubliclyAnnounced(const WebsiteCase& w);

}  // namespace cvdhub::domain
