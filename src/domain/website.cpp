#include "domain/website.hpp"

#include <array>
#include <utility>

namespace cvdhub::domain {
namespace {

using std::chrono::sys_days;

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ContactSource, std::string_view>, 3> kSources{{
    {ContactSource::kNone, "none"},
    {ContactSource::kPublished, "published"},
    {ContactSource::kFound, "found"},
}};

constexpr std::array<std::pair<NotifyChannel, std::string_view>, 4> kChannels{{
    {NotifyChannel::kMail, "mail"},
    {NotifyChannel::kPost, "post"},
    {NotifyChannel::kPhone, "phone"},
    {NotifyChannel::kOther, "other"},
}};

constexpr std::array<std::pair<Verification, std::string_view>, 3> kVerifications{{
    {Verification::kNone, "none"},
    {Verification::kConfirmed, "confirmed"},
    {Verification::kNotReproduced, "not_reproduced"},
}};

constexpr std::array<std::pair<PublicationChoice, std::string_view>, 3> kChoices{{
    {PublicationChoice::kUndecided, "undecided"},
    {PublicationChoice::kNotPublish, "not_publish"},
    {PublicationChoice::kPublish, "publish"},
}};

constexpr std::array<std::pair<WebsiteStage, std::string_view>, 6> kStages{{
    {WebsiteStage::kContactPending, "contact_pending"},
    {WebsiteStage::kContactKnown, "contact_known"},
    {WebsiteStage::kNotified, "notified"},
    {WebsiteStage::kVerified, "verified"},
    {WebsiteStage::kFixed, "fixed"},
    {WebsiteStage::kClosed, "closed"},
}};

constexpr std::array<std::pair<WebsiteStage, std::string_view>, 6> kCaseStatuses{{
    {WebsiteStage::kContactPending, "website_track"},  // the status triage gives a new website case
    {WebsiteStage::kContactKnown, "website_contact"},
    {WebsiteStage::kNotified, "website_notified"},
    {WebsiteStage::kVerified, "website_verified"},
    {WebsiteStage::kFixed, "website_fixed"},
    {WebsiteStage::kClosed, "website_closed"},
}};

constexpr std::array<std::pair<ClockState, std::string_view>, 5> kClockStates{{
    {ClockState::kNotStarted, "not_started"},
    {ClockState::kRunning, "running"},
    {ClockState::kDueSoon, "due_soon"},
    {ClockState::kOverdue, "overdue"},
    {ClockState::kStopped, "stopped"},
}};

Status CheckText(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid(std::string(field), std::string(field) + " is required");
  }
  if (value.size() > max) {
    return Error::Invalid(std::string(field),
                          std::string(field) + " is longer than " + std::to_string(max) + " bytes");
  }
  if (!IsValidUtf8(value)) return Error::Invalid(std::string(field), std::string(field) + " is not valid UTF-8 text");
  return {};
}

// One line: no control characters (names, addresses and numbers go into mail headers).
bool IsOneLine(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool LooksLikeEmail(std::string_view s) {
  const auto at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() && s.find('@', at + 1) == std::string_view::npos &&
         s.find_first_of(" \t<>\"(),;:\\[]") == std::string_view::npos && s.size() <= 254 &&
         s.find('.', at) != std::string_view::npos;
}

bool LooksLikeHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

sys_days JstDay(Timestamp t) { return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9)); }

bool Closed(const WebsiteCase& w) { return w.closed_at.has_value(); }

}  // namespace

std::string_view ContactSourceName(ContactSource s) { return NameOf(kSources, s); }
std::optional<ContactSource> ParseContactSource(std::string_view name) { return ValueOf(kSources, name); }
std::string_view NotifyChannelName(NotifyChannel c) { return NameOf(kChannels, c); }
std::optional<NotifyChannel> ParseNotifyChannel(std::string_view name) { return ValueOf(kChannels, name); }
std::string_view VerificationName(Verification v) { return NameOf(kVerifications, v); }
std::optional<Verification> ParseVerification(std::string_view name) { return ValueOf(kVerifications, name); }
std::string_view PublicationChoiceName(PublicationChoice c) { return NameOf(kChoices, c); }
std::optional<PublicationChoice> ParsePublicationChoice(std::string_view name) { return ValueOf(kChoices, name); }
std::string_view WebsiteStageName(WebsiteStage s) { return NameOf(kStages, s); }
std::string_view CaseStatusFor(WebsiteStage s) { return NameOf(kCaseStatuses, s); }
std::string_view ClockStateName(ClockState s) { return NameOf(kClockStates, s); }

WebsiteStage StageOf(const WebsiteCase& w) {
  if (w.closed_at) return WebsiteStage::kClosed;
  if (w.fixed_at) return WebsiteStage::kFixed;
  if (w.verified_at) return WebsiteStage::kVerified;
  if (w.notified_at) return WebsiteStage::kNotified;
  if (w.contact.source != ContactSource::kNone) return WebsiteStage::kContactKnown;
  return WebsiteStage::kContactPending;
}

sys_days FixDueDate(Timestamp notified_at, const WebsiteClockSettings& settings) {
  return AddMonths(JstDay(notified_at), settings.fix_months);
}

WebsiteClock ComputeWebsiteClock(const WebsiteCase& w, sys_days today, const WebsiteClockSettings& settings) {
  WebsiteClock clock;
  if (!w.notified_at) return clock;
  clock.due = w.fix_due ? *w.fix_due : FixDueDate(*w.notified_at, settings);
  clock.days_left = static_cast<int>((*clock.due - today).count());
  if (w.fixed_at || w.closed_at) {
    clock.state = ClockState::kStopped;
  } else if (today > *clock.due) {
    clock.state = ClockState::kOverdue;
  } else if (*clock.due - today <= settings.reminder_before) {
    clock.state = ClockState::kDueSoon;
  } else {
    clock.state = ClockState::kRunning;
  }
  return clock;
}

NonDisclosure FinderNonDisclosure(const WebsiteCase& w) {
  if (!w.fixed_at) return {};
  return {.running = false, .ended_on = JstDay(*w.fixed_at)};
}

Status ValidateOperatorContact(const OperatorContact& c) {
  if (auto st = CheckText("name", c.name, kMaxShortField, true); !st) return st;
  if (!IsOneLine(c.name)) return Error::Invalid("name", "name must be one line");
  if (c.email.empty() && c.phone.empty()) {
    return Error::Invalid("email", "give the operator's e-mail address or phone number");
  }
  if (!c.email.empty() && !LooksLikeEmail(c.email)) return Error::Invalid("email", "email is not a valid e-mail address");
  if (auto st = CheckText("phone", c.phone, 100, false); !st) return st;
  if (!IsOneLine(c.phone)) return Error::Invalid("phone", "phone must be one line");
  switch (c.source) {
    case ContactSource::kNone:
      return Error::Invalid("source", "source must be published (the site's own contact) or found (by the analyst)");
    case ContactSource::kPublished:
      // The page that publishes the contact: where anyone can check it again.
      if (auto st = CheckText("source_note", c.source_note, 2048, true); !st) {
        return Error::Invalid("source_note", "give the page where the site publishes this contact");
      }
      break;
    case ContactSource::kFound:
      if (auto st = CheckText("source_note", c.source_note, kMaxWebsiteNote, true); !st) {
        return Error::Invalid("source_note", "say how the contact was found");
      }
      break;
  }
  return {};
}

Status ValidatePublicationChoice(PublicationChoice choice, std::string_view url, std::string_view summary) {
  if (choice == PublicationChoice::kUndecided) {
    return Error::Invalid("choice", "choice must be publish or not_publish");
  }
  if (auto st = CheckText("summary", summary, kMaxWebsiteNote, false); !st) return st;
  if (choice == PublicationChoice::kPublish) {
    if (url.size() > 2048 || !LooksLikeHttpUrl(url)) {
      return Error::Invalid("url", "url must be the http(s) address of the operator's own announcement");
    }
  } else if (!url.empty() || !summary.empty()) {
    return Error::Invalid("url", "an announcement's address and summary go only with the choice to publish");
  }
  return {};
}

Status ValidateWebsiteNote(std::string_view field, std::string_view text, bool required) {
  return CheckText(field, text, kMaxWebsiteNote, required);
}

Status CheckCanEditContact(const WebsiteCase& w) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  return {};
}

Status CheckCanNotify(const WebsiteCase& w, NotifyChannel channel) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  if (w.notified_at) return Error::Conflict("the operator was already notified");
  if (w.contact.source == ContactSource::kNone) return Error::Conflict("record the operator's contact first");
  if (channel == NotifyChannel::kMail && w.contact.email.empty()) {
    return Error::Conflict("the operator's contact has no e-mail address: notify by another channel");
  }
  return {};
}

Status CheckCanReportVerification(const WebsiteCase& w) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  if (!w.notified_at) return Error::Conflict("the operator has not been notified yet");
  if (w.fixed_at) return Error::Conflict("the fix was already reported");
  return {};
}

Status CheckCanReportFix(const WebsiteCase& w) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  if (!w.notified_at) return Error::Conflict("the operator has not been notified yet");
  if (w.fixed_at) return Error::Conflict("the fix was already reported");
  return {};
}

Status CheckCanChoosePublication(const WebsiteCase& w) {
  if (!w.notified_at) return Error::Conflict("the operator has not been notified yet");
  return {};
}

Status CheckCanRemind(const WebsiteCase& w) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  if (!w.notified_at) return Error::Conflict("the operator has not been notified yet");
  if (w.fixed_at) return Error::Conflict("the fix was already reported");
  if (w.contact.email.empty()) return Error::Conflict("the operator's contact has no e-mail address");
  return {};
}

Status CheckCanExtend(const WebsiteCase& w, sys_days new_due) {
  if (Closed(w)) return Error::Conflict("the case is closed");
  if (!w.notified_at) return Error::Conflict("the operator has not been notified yet");
  if (w.fixed_at) return Error::Conflict("the fix was already reported");
  if (new_due < JstDay(*w.notified_at)) return Error::Invalid("due", "the due date cannot be before the notification");
  return {};
}

Status CheckCanClose(const WebsiteCase& w) {
  if (Closed(w)) return Error::Conflict("the case is already closed");
  return {};
}

bool IsPubliclyAnnounced(const WebsiteCase& w) {
  return w.publication == PublicationChoice::kPublish && w.fixed_at.has_value();
}

}  // namespace cvdhub::domain
