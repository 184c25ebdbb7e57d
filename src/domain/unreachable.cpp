#include "domain/unreachable.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "domain/calendar.hpp"

namespace cvdhub::domain {
namespace {

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> ValueIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ContactChannel, std::string_view>, 7> kChannels{{
    {ContactChannel::kMail, "mail"},
    {ContactChannel::kPost, "post"},
    {ContactChannel::kPhone, "phone"},
    {ContactChannel::kFax, "fax"},
    {ContactChannel::kBugTracker, "bug_tracker"},
    {ContactChannel::kForum, "forum"},
    {ContactChannel::kSocialMedia, "social_media"},
}};
constexpr std::array<std::pair<ContactOutcome, std::string_view>, 4> kOutcomes{{
    {ContactOutcome::kNoAnswer, "no_answer"},
    {ContactOutcome::kBounced, "bounced"},
    {ContactOutcome::kNoContact, "no_contact"},
    {ContactOutcome::kAnswered, "answered"},
}};
constexpr std::array<std::pair<UnreachableBasis, std::string_view>, 3> kBases{{
    {UnreachableBasis::kNoAnswer, "no_answer"},
    {UnreachableBasis::kDeveloperUnknown, "developer_unknown"},
    {UnreachableBasis::kNoContactMeans, "no_contact_means"},
}};
constexpr std::array<std::pair<DeveloperKind, std::string_view>, 2> kKinds{{
    {DeveloperKind::kCompany, "company"},
    {DeveloperKind::kNonCompany, "non_company"},
}};
constexpr std::array<std::pair<UnreachableStage, std::string_view>, 7> kStages{{
    {UnreachableStage::kListed, "listed"},
    {UnreachableStage::kProductPublished, "product_published"},
    {UnreachableStage::kDeadlineAdded, "deadline_added"},
    {UnreachableStage::kSubmitted, "submitted"},
    {UnreachableStage::kDecided, "decided"},
    {UnreachableStage::kPublished, "published"},
    {UnreachableStage::kResolved, "resolved"},
}};
constexpr std::array<std::pair<CommitteeVote, std::string_view>, 3> kVotes{{
    {CommitteeVote::kPublish, "publish"},
    {CommitteeVote::kDoNotPublish, "do_not_publish"},
    {CommitteeVote::kAbstain, "abstain"},
}};
constexpr std::array<std::pair<CommitteeDecision, std::string_view>, 2> kDecisions{{
    {CommitteeDecision::kPublish, "publish"},
    {CommitteeDecision::kDoNotPublish, "do_not_publish"},
}};

constexpr std::size_t kMaxRecipient = 300;
constexpr std::size_t kMaxNote = 5000;
constexpr std::size_t kMaxName = 300;
constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMaxRemarks = 1000;
constexpr std::size_t kMaxVersion = 100;

Status CheckText(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid(std::string(field), std::string(field) + " is required");
  }
  if (value.size() > max) {
    return Error::Invalid(std::string(field), fmt::format("{} is longer than {} bytes", field, max));
  }
  if (!IsValidUtf8(value))
    return Error::Invalid(std::string(field), std::string(field) + " is not valid UTF-8 text");
  return {};
}

bool IsHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\';
  });
}

bool Contains(const std::vector<ContactChannel>& v, ContactChannel c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

std::string SlashDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04d}/{:02d}/{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

}  // namespace

std::string_view ContactChannelName(ContactChannel c) {
  return NameIn(kChannels, c);
}
std::optional<ContactChannel> ParseContactChannel(std::string_view name) {
  return ValueIn(kChannels, name);
}
const std::vector<ContactChannel>& AllContactChannels() {
  static const std::vector<ContactChannel> kAll = [] {
    std::vector<ContactChannel> out;
    for (const auto& [c, name] : kChannels) out.push_back(c);
    return out;
  }();
  return kAll;
}
std::string_view ContactOutcomeName(ContactOutcome o) {
  return NameIn(kOutcomes, o);
}
std::optional<ContactOutcome> ParseContactOutcome(std::string_view name) {
  return ValueIn(kOutcomes, name);
}
std::string_view UnreachableBasisName(UnreachableBasis b) {
  return NameIn(kBases, b);
}
std::optional<UnreachableBasis> ParseUnreachableBasis(std::string_view name) {
  return ValueIn(kBases, name);
}
std::string_view DeveloperKindName(DeveloperKind k) {
  return NameIn(kKinds, k);
}
std::optional<DeveloperKind> ParseDeveloperKind(std::string_view name) {
  return ValueIn(kKinds, name);
}
std::string_view UnreachableStageName(UnreachableStage s) {
  return NameIn(kStages, s);
}
std::optional<UnreachableStage> ParseUnreachableStage(std::string_view name) {
  return ValueIn(kStages, name);
}
std::string_view CommitteeVoteName(CommitteeVote v) {
  return NameIn(kVotes, v);
}
std::optional<CommitteeVote> ParseCommitteeVote(std::string_view name) {
  return ValueIn(kVotes, name);
}
std::string_view CommitteeDecisionName(CommitteeDecision d) {
  return NameIn(kDecisions, d);
}
std::optional<CommitteeDecision> ParseCommitteeDecision(std::string_view name) {
  return ValueIn(kDecisions, name);
}

Status ValidateContactAttempt(const ContactAttempt& a, Timestamp now) {
  if (auto s = CheckText("recipient", a.recipient, kMaxRecipient, true); !s) return s;
  if (auto s = CheckText("note", a.note, kMaxNote, false); !s) return s;
  if (a.at > now + std::chrono::minutes(1))
    return Error::Invalid("at", "the attempt cannot be in the future");
  if (a.at < Timestamp{} + std::chrono::days(365 * 30))
    return Error::Invalid("at", "the attempt date is implausible");
  return {};
}

Status ValidateRules(const UnreachableRules& r) {
  if (r.min_attempts < 1 || r.min_attempts > 100)
    return Error::Invalid("min_attempts", "min_attempts must be 1 to 100");
  if (r.min_period.count() < 0 || r.min_period.count() > 3650) {
    return Error::Invalid("min_period", "min_period must be 0 to 3650 days");
  }
  const int channels = static_cast<int>(AllContactChannels().size());
  if (r.min_channels < 1 || r.min_channels > channels) {
    return Error::Invalid("min_channels", fmt::format("min_channels must be 1 to {}", channels));
  }
  return {};
}

Status ValidateSettings(const UnreachableSettings& s) {
  if (auto st = ValidateRules(s.rules); !st) return st;
  if (s.grace_months < 0 || s.grace_months > 24)
    return Error::Invalid("grace_months", "grace_months must be 0 to 24");
  if (s.deadline_wait.count() < 0 || s.deadline_wait.count() > 3650) {
    return Error::Invalid("deadline_wait", "deadline_wait must be 0 to 3650 days");
  }
  if (s.min_deadline_notice.count() < 1 || s.min_deadline_notice.count() > 3650) {
    return Error::Invalid("min_deadline_notice", "min_deadline_notice must be 1 to 3650 days");
  }
  const std::string_view p = s.did_prefix;
  const bool letters = p.size() >= 2 && p.size() <= 10 && p.back() == '#' &&
                       std::all_of(p.begin(), p.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; });
  if (!letters)
    return Error::Invalid("did_prefix", "did_prefix must be 1 to 9 capital letters and '#', e.g. DID#");
  if (auto st = CheckText("contact_address", s.contact_address, kMaxRecipient, false); !st) return st;
  return {};
}

RuleEvaluation EvaluateUnreachable(const std::vector<ContactAttempt>& attempts,
                                   std::optional<Timestamp> case_initial_contact,
                                   std::optional<Timestamp> case_last_answer, const UnreachableRules& rules,
                                   Timestamp now) {
  RuleEvaluation ev;
  ev.initial_contact = case_initial_contact;
  ev.last_answer = case_last_answer;
  for (const auto& a : attempts) {
    // The initial contact date (起算日) is the day contact began, by whatever channel (G2-3).
    if (!ev.initial_contact || a.at < *ev.initial_contact) ev.initial_contact = a.at;
    if (a.outcome == ContactOutcome::kAnswered && (!ev.last_answer || a.at > *ev.last_answer))
      ev.last_answer = a.at;
  }
  // Only attempts after the developer's last answer show it is unreachable now.
  for (const auto& a : attempts) {
    if (a.outcome == ContactOutcome::kAnswered) continue;
    if (ev.last_answer && a.at <= *ev.last_answer) continue;
    ++ev.attempts;
    if (!Contains(ev.channels_tried, a.channel)) ev.channels_tried.push_back(a.channel);
  }
  std::sort(ev.channels_tried.begin(), ev.channels_tried.end());
  ev.attempts_required = rules.min_attempts;
  ev.attempts_met = ev.attempts >= rules.min_attempts;
  ev.period_required = rules.min_period;
  if (ev.initial_contact) {
    ev.period_ends = *ev.initial_contact + rules.min_period;
    ev.days_elapsed =
        std::max<std::int64_t>(0, std::chrono::floor<std::chrono::days>(now - *ev.initial_contact).count());
    ev.period_met = now >= *ev.period_ends;
  }
  ev.channels_required = rules.min_channels;
  ev.channels_met = static_cast<int>(ev.channels_tried.size()) >= rules.min_channels;
  for (auto c : rules.required_channels) {
    if (!Contains(ev.channels_tried, c) && !Contains(ev.required_missing, c))
      ev.required_missing.push_back(c);
  }
  ev.required_met = ev.required_missing.empty();
  return ev;
}

std::chrono::sys_days JstDay(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9));
}

std::string FormatDid(std::string_view prefix, std::uint32_t eight_digits) {
  return fmt::format("{}{:08d}", prefix, eight_digits % 100'000'000U);
}

bool IsDid(std::string_view did) {
  const auto hash = did.find('#');
  if (hash == std::string_view::npos || hash == 0 || hash > 9) return false;
  const auto prefix = did.substr(0, hash);
  const auto digits = did.substr(hash + 1);
  return std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
         digits.size() == 8 &&
         std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string DidSlug(std::string_view did) {
  std::string out;
  for (char c : did) out += c == '#' ? '-' : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return out;
}

std::optional<std::string> DidFromSlug(std::string_view slug) {
  std::string did;
  for (char c : slug) did += c == '-' ? '#' : (c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  if (!IsDid(did) || DidSlug(did) != slug) return std::nullopt;
  return did;
}

Status ValidatePublicFields(const UnreachableEntry& e) {
  if (auto s = CheckText("public_name", e.public_name, kMaxName, false); !s) return s;
  if (auto s = CheckText("remarks_ja", e.remarks_ja, kMaxRemarks, false); !s) return s;
  if (auto s = CheckText("remarks_en", e.remarks_en, kMaxRemarks, false); !s) return s;
  if (auto s = CheckText("related_url", e.related_url, kMaxUrl, false); !s) return s;
  if (!e.related_url.empty() && !IsHttpUrl(e.related_url)) {
    return Error::Invalid("related_url", "related_url must be an http:// or https:// URL");
  }
  // Fig. 3: a row names the developer, or says in the remarks whose developer is sought.
  const auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
  if (blank(e.public_name) && blank(e.remarks_ja) && blank(e.remarks_en)) {
    return Error::Invalid("public_name",
                          "give the developer's name or handle, or remarks saying whose developer is sought");
  }
  return {};
}

std::chrono::sys_days GraceEnds(const UnreachableEntry& e, const UnreachableSettings& s) {
  return AddMonths(JstDay(e.listed_at), s.grace_months);
}

Status CheckPublishProduct(const UnreachableEntry& e, DeveloperKind, std::string_view product,
                           std::string_view version, const UnreachableSettings& s, Timestamp now) {
  if (e.stage != UnreachableStage::kListed) {
    return Error::Conflict("the product can be published only while the developer is listed (stage 1)");
  }
  const auto ends = GraceEnds(e, s);
  if (JstDay(now) < ends) {
    return Error::Conflict("the grace period after listing runs until " + FormatDate(ends) +
                           ": the product can be published from that day");
  }
  if (auto st = CheckText("product_name", product, kMaxName, true); !st) return st;
  if (auto st = CheckText("product_version", version, kMaxVersion, true); !st) return st;
  return {};
}

Status CheckAddDeadline(const UnreachableEntry& e, std::chrono::sys_days deadline,
                        const UnreachableSettings& s, Timestamp now) {
  if (e.stage != UnreachableStage::kProductPublished) {
    return Error::Conflict("a contact deadline is added once, after the product was published (stage 2)");
  }
  const auto earliest = JstDay(*e.product_published_at + s.deadline_wait);
  if (JstDay(now) < earliest) {
    return Error::Conflict("the deadline can be added from " + FormatDate(earliest) +
                           ", after the product information has been public for a while");
  }
  const auto first = JstDay(now) + s.min_deadline_notice;
  if (deadline < first) {
    return Error::Invalid("contact_deadline",
                          "the contact deadline must be on or after " + FormatDate(first));
  }
  if (deadline > JstDay(now) + std::chrono::days(3650)) {
    return Error::Invalid("contact_deadline", "the contact deadline is implausibly far away");
  }
  return {};
}

Status CheckSubmit(const UnreachableEntry& e, Timestamp now) {
  if (e.stage != UnreachableStage::kDeadlineAdded || !e.contact_deadline) {
    return Error::Conflict("the dossier goes to the committee after a contact deadline was added (stage 3)");
  }
  if (JstDay(now) <= *e.contact_deadline) {
    return Error::Conflict("the contact deadline " + FormatDate(*e.contact_deadline) + " has not passed");
  }
  return {};
}

Status CheckVote(const UnreachableEntry& e) {
  if (e.stage != UnreachableStage::kSubmitted) {
    return Error::Conflict("votes are taken while the dossier is before the committee");
  }
  return {};
}

Status CheckDecide(const UnreachableEntry& e) {
  if (e.stage != UnreachableStage::kSubmitted) {
    return Error::Conflict("the decision is recorded once, while the dossier is before the committee");
  }
  return {};
}

Status CheckMarkPublished(const UnreachableEntry& e) {
  if (e.stage != UnreachableStage::kDecided || e.decision != CommitteeDecision::kPublish) {
    return Error::Conflict("only an advisory the committee decided to publish is published this way");
  }
  return {};
}

Status CheckResolve(const UnreachableEntry& e) {
  if (e.stage == UnreachableStage::kResolved)
    return Error::Conflict("the developer's answer is already recorded");
  if (e.stage == UnreachableStage::kPublished) {
    return Error::Conflict("the advisory is already public: the developer's statement updates it instead");
  }
  return {};
}

bool ProductPublic(const UnreachableEntry& e) {
  return e.product_published_at.has_value() && e.stage != UnreachableStage::kResolved;
}

std::string NoticeDate(std::chrono::sys_days day, Language lang) {
  const std::chrono::year_month_day ymd{day};
  if (lang == Language::kJa) {
    return fmt::format("{:04d}年{:02d}月{:02d}日", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  }
  return FormatDate(day);
}

ProductNotice BuildProductNotice(const UnreachableEntry& e, Language lang, std::string_view contact_address) {
  // The wording of G7 figs. 4-1 / 4-2 (and 5-1 / 5-2 once a deadline is added), verbatim in Japanese.
  ProductNotice n;
  const bool company = e.developer_kind == DeveloperKind::kCompany;
  const std::string& p = e.product_name;
  const std::string& v = e.product_version;
  const bool deadline = e.contact_deadline.has_value() && e.deadline_added_at.has_value();
  const std::string published =
      e.product_published_at ? NoticeDate(JstDay(*e.product_published_at), lang) : "";
  if (lang == Language::kJa) {
    n.title = p + " の製品開発者に関する情報";
    if (company) {
      n.paragraphs.push_back("製品名 " + p + "、バージョン " + v +
                             " の作者、または著作権を有している製品開発者の方、または販売代理店等、"
                             "本製品に関係する方は下記の宛先までご連絡をお願いします。");
    } else {
      n.paragraphs.push_back("製品名 " + p + "、バージョン " + v +
                             " の作者、または著作権を有している製品開発者の方、または製品開発者との連絡方法を"
                             "ご存じの方は下記の宛先までご連絡をお願いします。また、同製品の派生・関連製品の"
                             "コミュニティに所属する製品開発者の方で、修正版の提供が可能な方からのご連絡も"
                             "お待ちしています。");
    }
    if (deadline) {
      n.paragraphs.push_back("本件に関するご連絡は、" + NoticeDate(*e.contact_deadline, lang) +
                             "まで受け付けます。");
    }
    n.contact = "連絡先： " + std::string(contact_address);
    n.published = "公開日：" + published;
    if (deadline) {
      n.updated = "更新日：" + NoticeDate(JstDay(*e.deadline_added_at), lang) + "（連絡期限追記）";
      n.closing = "なお、" + NoticeDate(*e.contact_deadline, lang) +
                  "までにご連絡をいただけなかった場合は、製品開発者と連絡がとれないため調整不能と判断し、"
                  "「情報セキュリティ早期警戒パートナーシップガイドライン」の「IV. ソフトウェア製品に係る"
                  "脆弱性関連情報取扱」および付録 8、9 及び 11 の記載に準じて取り扱います。";
    }
    return n;
  }
  n.title = "Information about the developer of " + p;
  if (company) {
    n.paragraphs.push_back("If you are the author of " + p + " version " + v +
                           ", the product developer holding its copyright, or a distributor or anyone else "
                           "related to this product, please contact us at the address below.");
  } else {
    n.paragraphs.push_back(
        "If you are the author of " + p + " version " + v +
        ", the product developer holding its copyright, or if you know how to contact the "
        "product developer, please contact us at the address below. We would also like to "
        "hear from product developers in the communities of derived or related products who "
        "are able to provide a fixed version.");
  }
  if (deadline) {
    n.paragraphs.push_back("We accept contact about this matter until " +
                           NoticeDate(*e.contact_deadline, lang) + ".");
  }
  n.contact = "Contact: " + std::string(contact_address);
  n.published = "Published: " + published;
  if (deadline) {
    n.updated = "Updated: " + NoticeDate(JstDay(*e.deadline_added_at), lang) + " (contact deadline added)";
    n.closing = "If we do not hear from you by " + NoticeDate(*e.contact_deadline, lang) +
                ", we will conclude that the product developer cannot be reached and that coordination is "
                "impossible, and will handle the matter in accordance with \"IV. Handling of "
                "vulnerability-related information on software products\" and Appendices 8, 9 and 11 of the "
                "\"Information Security Early Warning Partnership Guideline\".";
  }
  return n;
}

UnreachableAdvisoryText BuildAdvisoryText(const UnreachableEntry& e, Language lang, Timestamp published) {
  // G7 fig. 6: "ベンダの見解: なし", the history of how it came to publication, the verification notes.
  const bool ja = lang == Language::kJa;
  UnreachableAdvisoryText t;
  t.vendor_view = ja ? "なし" : "None";
  t.history_intro = ja ? "公表に至る経緯は以下のとおりです。"
                       : "The history of how this came to publication is as follows:";
  auto line = [&](std::chrono::sys_days day, std::string_view ja_text, std::string_view en_text) {
    t.history.push_back(SlashDate(day) + ": " + std::string(ja ? ja_text : en_text));
  };
  line(JstDay(e.listed_at), "「連絡不能開発者一覧」に製品開発者名を掲載",
       "The developer's name was published on the unreachable-developer list");
  if (e.product_published_at) {
    line(JstDay(*e.product_published_at), "「連絡不能開発者一覧」に「補足情報」の掲載を行う",
         "Supplementary information (the product name and version) was posted on the unreachable-developer "
         "list");
  }
  if (e.deadline_added_at && e.contact_deadline) {
    const std::string when = NoticeDate(*e.contact_deadline, lang);
    line(JstDay(*e.deadline_added_at), "「補足情報」に連絡期限（" + when + "）を追記",
         "A contact deadline (" + when + ") was added to the supplementary information");
    line(*e.contact_deadline, "「連絡不能開発者一覧」に「補足情報」を掲載後、期限内に製品開発者から応答なし",
         "No response from the product developer within the deadline after the supplementary information was "
         "posted on the unreachable-developer list");
  }
  if (e.decided_at) {
    line(JstDay(*e.decided_at), "公表判定委員会の審議を経て公表を決定",
         "Publication was decided after review by the release-decision committee");
  }
  line(JstDay(published), "本情報を「JVN」にて公表", "This information was published on JVN");
  t.verification =
      ja ? e.verification_ja : (e.verification_en.empty() ? e.verification_ja : e.verification_en);
  return t;
}

}  // namespace cvdhub::domain
