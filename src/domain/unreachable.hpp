// Unreachable developers (連絡不能, PROCESS.md §5; guideline G2-3, G4-5, G7):
// the record of every attempt to reach a developer, the configurable rules
// that say when it counts as unreachable, the stages of its public entry on
// the unreachable-developer list (each with its own date), the release-decision
// committee's votes and decision, and the official public wording.
// Plain values and pure functions: no store, no clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/report.hpp"
#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::domain {

// The channels G2-3 names: e-mail, post, phone, fax, bug tracker, forum (掲示板), social media.
enum class ContactChannel { kMail, kPost, kPhone, kFax, kBugTracker, kForum, kSocialMedia };
std::string_view ContactChannelName(ContactChannel c);  // "mail", "post", …, "social_media"
std::optional<ContactChannel> ParseContactChannel(std::string_view name);
const std::vector<ContactChannel>& AllContactChannels();

// What came of one attempt.
enum class ContactOutcome {
  kNoAnswer,   // delivered or left, nothing came back
  kBounced,    // returned undeliverable, number not in service, post returned
  kNoContact,  // no usable contact found on this channel
  kAnswered,   // the developer answered: it is reachable
};
std::string_view ContactOutcomeName(ContactOutcome o);
std::optional<ContactOutcome> ParseContactOutcome(std::string_view name);

// One attempt to reach a developer in a case. Attempts are never edited or
// deleted: a correction is another attempt with a note.
struct ContactAttempt {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  ContactChannel channel = ContactChannel::kMail;
  Timestamp at{};         // when the attempt was made (not when it was recorded)
  std::string recipient;  // to whom: address, number, tracker URL, account
  ContactOutcome outcome = ContactOutcome::kNoAnswer;
  std::string note;
  UserId by_user = 0;
  std::string by_name;
  Timestamp recorded_at{};
  bool system = false;  // derived from the case record (a notice the system sent), not stored
};

// Checks the recipient (required, ≤ 300 bytes), the note (≤ 5000 bytes), UTF-8,
// and that the attempt is not in the future of `now` (a minute of slack).
Status ValidateContactAttempt(const ContactAttempt& a, Timestamp now);

// When a developer counts as unreachable for lack of an answer (G2-3: "every
// usable channel, a set number of times, over a set period from the initial
// contact date"). Configurable; these are the defaults.
struct UnreachableRules {
  int min_attempts = 3;              // unanswered attempts since the last answer
  std::chrono::days min_period{30};  // from the initial contact date (起算日)
  int min_channels = 2;              // distinct channels tried
  std::vector<ContactChannel> required_channels{ContactChannel::kMail};  // each must have been tried
};
Status ValidateRules(const UnreachableRules& r);

// The rules applied to a developer's record at a moment: every reason, met or not.
struct RuleEvaluation {
  std::optional<Timestamp> initial_contact;  // the earliest of the case's first notice and the first attempt
  std::optional<Timestamp> last_answer;      // the developer's last answer, if any: only later attempts count
  int attempts = 0;
  int attempts_required = 0;
  std::optional<Timestamp> period_ends;  // initial contact + min period
  std::chrono::days period_required{0};
  std::int64_t days_elapsed = 0;
  std::vector<ContactChannel> channels_tried;
  int channels_required = 0;
  std::vector<ContactChannel> required_missing;
  bool attempts_met = false;
  bool period_met = false;
  bool channels_met = false;
  bool required_met = false;
  // Every rule is met: the system proposes "unreachable"; the coordinator confirms.
  bool Meets() const { return attempts_met && period_met && channels_met && required_met; }
};

// Applies `rules` at `now` to the attempts (any order; system-derived ones
// included) and to what the case record knows of the vendor.
RuleEvaluation EvaluateUnreachable(const std::vector<ContactAttempt>& attempts,
                                   std::optional<Timestamp> case_initial_contact,
                                   std::optional<Timestamp> case_last_answer, const UnreachableRules& rules,
                                   Timestamp now);

// Why the developer is unreachable (G2-3's three cases; appendix A's table).
enum class UnreachableBasis {
  kNoAnswer,          // no answer after the rules' attempts and period
  kDeveloperUnknown,  // 製品開発者が不明
  kNoContactMeans,    // 連絡手段が存在しない
};
std::string_view UnreachableBasisName(UnreachableBasis b);
std::optional<UnreachableBasis> ParseUnreachableBasis(std::string_view name);

// The wording of the product notice differs for companies and the rest (G7 fig. 4-1/4-2).
enum class DeveloperKind { kCompany, kNonCompany };
std::string_view DeveloperKindName(DeveloperKind k);  // "company", "non_company"
std::optional<DeveloperKind> ParseDeveloperKind(std::string_view name);

// The stages of an entry (PROCESS §5), in order; kResolved ends it from any
// stage before publication (the developer answered: back to normal coordination).
enum class UnreachableStage {
  kListed,            // 1. on the unreachable-developer list
  kProductPublished,  // 2. product name and version published, after the grace period
  kDeadlineAdded,     // 3. a contact deadline added to the entry
  kSubmitted,         // 4. dossier sent to the release-decision committee
  kDecided,           // 5. the committee decided (publish or not)
  kPublished,         //    the advisory is public with "vendor's view: none"
  kResolved,          // the developer answered
};
std::string_view UnreachableStageName(UnreachableStage s);
std::optional<UnreachableStage> ParseUnreachableStage(std::string_view name);

// A committee member's vote and the committee's decision (G7-2).
enum class CommitteeVote { kPublish, kDoNotPublish, kAbstain };
std::string_view CommitteeVoteName(CommitteeVote v);
std::optional<CommitteeVote> ParseCommitteeVote(std::string_view name);
enum class CommitteeDecision { kPublish, kDoNotPublish };
std::string_view CommitteeDecisionName(CommitteeDecision d);
std::optional<CommitteeDecision> ParseCommitteeDecision(std::string_view name);

// The entry of one unreachable developer in one case. The fields marked
// public are what the list and the entry's page show, each only from the
// stage that publishes it; everything else stays with the coordinators and,
// from submission on, the committee.
struct UnreachableEntry {
  std::int64_t id = 0;
  CaseId case_id = 0;
  std::int64_t vendor_id = 0;
  std::string did;  // public: the inquiry number, "DID#12345678"
  UnreachableBasis basis = UnreachableBasis::kNoAnswer;
  std::string basis_note;
  UnreachableStage stage = UnreachableStage::kListed;
  // Public from listing (fig. 3): developer name or handle ("" shows "-"), related link, remarks.
  std::string public_name;
  std::string related_url;
  std::string remarks_ja;
  std::string remarks_en;
  // Public from stage 2 (fig. 4): the product and which wording applies.
  DeveloperKind developer_kind = DeveloperKind::kCompany;
  std::string product_name;
  std::string product_version;
  // The stages' dates.
  Timestamp listed_at{};
  std::optional<Timestamp> product_published_at;
  std::optional<Timestamp> deadline_added_at;
  std::optional<std::chrono::sys_days> contact_deadline;  // a JST calendar date, inclusive
  std::optional<Timestamp> submitted_at;
  std::string developer_view;  // the developer's view stated to the committee, if any
  std::optional<Timestamp> decided_at;
  std::optional<CommitteeDecision> decision;
  std::string decision_note;
  std::string verification_ja;  // 検証情報 for the advisory
  std::string verification_en;
  std::optional<Timestamp> published_at;
  std::string advisory_identifier;  // the published advisory (public from then on)
  std::optional<Timestamp> resolved_at;
  std::optional<UnreachableStage> resolved_from;  // the stage the answer came in
  std::string resolved_note;
  UserId created_by = 0;
  std::int64_t version = 1;
};

// One member's vote on one entry (it may change it until the decision).
struct CommitteeVoteRecord {
  std::int64_t entry_id = 0;
  UserId user_id = 0;
  std::string member_name;
  CommitteeVote vote = CommitteeVote::kAbstain;
  std::string comment;
  Timestamp at{};
};

// Timings and formats, configurable; these are the defaults.
struct UnreachableSettings {
  UnreachableRules rules;
  int grace_months = 3;                       // listing → product publication (G7-1: about 3 months)
  std::chrono::days deadline_wait{30};        // product publication → the deadline may be added (G7-2)
  std::chrono::days min_deadline_notice{14};  // the deadline is at least this far after it is added
  std::string did_prefix = "DID#";            // PROCESS §7; followed by 8 digits
  std::string contact_address;                // where answers go; empty: the mail From address
};
Status ValidateSettings(const UnreachableSettings& s);

// The JST calendar date of `t`.
std::chrono::sys_days JstDay(Timestamp t);
// AddMonths (calendar months, clamped to the month's end) is in domain/calendar.hpp.

// The inquiry number: prefix + 8 digits ("DID#00012345").
std::string FormatDid(std::string_view prefix, std::uint32_t eight_digits);
// True for prefix + exactly 8 digits (prefix: 1–10 ASCII letters and '#').
bool IsDid(std::string_view did);
// The URL form ("DID#00012345" → "did-00012345") and back; nullopt when it is not one.
std::string DidSlug(std::string_view did);
std::optional<std::string> DidFromSlug(std::string_view slug);

// The public fields an entry gets at listing: a name or handle, or remarks
// saying whose developer is sought ("製品 C の開発者"); http(s) link; sizes; UTF-8.
Status ValidatePublicFields(const UnreachableEntry& e);

// The day from which the product may be published: listing + grace period (JST date).
std::chrono::sys_days GraceEnds(const UnreachableEntry& e, const UnreachableSettings& s);

// Stage transitions. Each returns Conflict naming what is missing, or Invalid
// for bad input; they do not change the entry.
Status CheckPublishProduct(const UnreachableEntry& e, DeveloperKind kind, std::string_view product,
                           std::string_view version, const UnreachableSettings& s, Timestamp now);
Status CheckAddDeadline(const UnreachableEntry& e, std::chrono::sys_days deadline,
                        const UnreachableSettings& s, Timestamp now);
// Only after the deadline has passed (JST) with no answer.
Status CheckSubmit(const UnreachableEntry& e, Timestamp now);
Status CheckVote(const UnreachableEntry& e);
Status CheckDecide(const UnreachableEntry& e);
Status CheckMarkPublished(const UnreachableEntry& e);
// The developer answered: possible at any stage before publication.
Status CheckResolve(const UnreachableEntry& e);

// True when the entry appears in the public list (listed and not resolved).
inline bool OnPublicList(const UnreachableEntry& e) {
  return e.stage != UnreachableStage::kResolved;
}
// True from stage 2 on: the product name and version are public.
bool ProductPublic(const UnreachableEntry& e);

// The product notice of G7 (figs. 4-1, 4-2, 5-1, 5-2) in the guideline's
// exact Japanese wording, or in English; the deadline paragraphs from stage 3.
struct ProductNotice {
  std::string title;                    // "XXXXX の製品開発者に関する情報"
  std::vector<std::string> paragraphs;  // the call, then (stage 3) the deadline sentence
  std::string contact;                  // "連絡先： …"
  std::string published;                // "公開日：…"
  std::string updated;                  // "更新日：…（連絡期限追記）", stage 3 only
  std::string closing;                  // the consequence of no answer, stage 3 only
};
ProductNotice BuildProductNotice(const UnreachableEntry& e, Language lang, std::string_view contact_address);

// A date as the notices write it: "2026年5月1日" / "May 1, 2026".
std::string NoticeDate(std::chrono::sys_days day, Language lang);

// What the committee-approved advisory carries besides the usual sections
// (fig. 6): "vendor's view: none", the history of how it came to publication
// (dated lines, YYYY/MM/DD) and the verification notes.
struct UnreachableAdvisoryText {
  std::string vendor_view;           // "なし" / "None"
  std::string history_intro;         // "公表に至る経緯は以下のとおりです。"
  std::vector<std::string> history;  // "YYYY/MM/DD: …"
  std::string verification;
};
// `published` is the moment of publication (the last history line).
UnreachableAdvisoryText BuildAdvisoryText(const UnreachableEntry& e, Language lang, Timestamp published);

}  // namespace cvdhub::domain
