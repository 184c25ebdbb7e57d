#include "domain/unreachable.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "domain/calendar.hpp"

namespace cvdhub::domain {
namespace {

using namespace std::chrono;

Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm}};
}
sys_days Day(int y, unsigned m, unsigned d) {
  return sys_days{year{y} / month{m} / day{d}};
}

ContactAttempt Attempt(ContactChannel c, Timestamp at, ContactOutcome o = ContactOutcome::kNoAnswer) {
  return {.channel = c, .at = at, .recipient = "someone", .outcome = o};
}

// ---------------------------------------------------------------- names

TEST(UnreachableNames, EveryChannelOfG23RoundTrips) {
  // G2-3: 電子メールや郵便、電話、FAX、バグ管理システム、掲示板、ソーシャル・ネットワーキング・サービス.
  const std::vector<std::string_view> expected{"mail",        "post",  "phone",       "fax",
                                               "bug_tracker", "forum", "social_media"};
  ASSERT_EQ(AllContactChannels().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(ContactChannelName(AllContactChannels()[i]), expected[i]);
    EXPECT_EQ(ParseContactChannel(expected[i]), AllContactChannels()[i]);
  }
  EXPECT_FALSE(ParseContactChannel("pigeon"));
  EXPECT_FALSE(ParseContactChannel("Mail"));
}

TEST(UnreachableNames, StagesOutcomesVotesAndDecisionsRoundTrip) {
  for (auto s : {UnreachableStage::kListed, UnreachableStage::kProductPublished,
                 UnreachableStage::kDeadlineAdded, UnreachableStage::kSubmitted, UnreachableStage::kDecided,
                 UnreachableStage::kPublished, UnreachableStage::kResolved}) {
    EXPECT_EQ(ParseUnreachableStage(UnreachableStageName(s)), s);
  }
  for (auto o : {ContactOutcome::kNoAnswer, ContactOutcome::kBounced, ContactOutcome::kNoContact,
                 ContactOutcome::kAnswered}) {
    EXPECT_EQ(ParseContactOutcome(ContactOutcomeName(o)), o);
  }
  for (auto v : {CommitteeVote::kPublish, CommitteeVote::kDoNotPublish, CommitteeVote::kAbstain}) {
    EXPECT_EQ(ParseCommitteeVote(CommitteeVoteName(v)), v);
  }
  EXPECT_EQ(ParseCommitteeDecision("publish"), CommitteeDecision::kPublish);
  EXPECT_EQ(ParseCommitteeDecision("do_not_publish"), CommitteeDecision::kDoNotPublish);
  EXPECT_FALSE(ParseCommitteeDecision("abstain"));  // a member may abstain; the committee decides
  EXPECT_EQ(ParseDeveloperKind("non_company"), DeveloperKind::kNonCompany);
  EXPECT_EQ(ParseUnreachableBasis("developer_unknown"), UnreachableBasis::kDeveloperUnknown);
  EXPECT_FALSE(ParseUnreachableStage(""));
}

// ---------------------------------------------------------------- DID#

TEST(UnreachableDid, IsThePrefixAndEightDigits) {
  EXPECT_EQ(FormatDid("DID#", 12345), "DID#00012345");
  EXPECT_EQ(FormatDid("DID#", 987654321), "DID#87654321");  // eight digits, always
  EXPECT_TRUE(IsDid("DID#00012345"));
  EXPECT_FALSE(IsDid("DID#0001234"));
  EXPECT_FALSE(IsDid("DID#000123456"));
  EXPECT_FALSE(IsDid("DID#0001234a"));
  EXPECT_FALSE(IsDid("did#00012345"));
  EXPECT_FALSE(IsDid("#00012345"));
  EXPECT_FALSE(IsDid("JVN#12345678X"));
}

TEST(UnreachableDid, SlugRoundTripsAndRejectsEverythingElse) {
  EXPECT_EQ(DidSlug("DID#00012345"), "did-00012345");
  EXPECT_EQ(DidFromSlug("did-00012345"), "DID#00012345");
  EXPECT_FALSE(DidFromSlug("DID-00012345"));  // one spelling per entry
  EXPECT_FALSE(DidFromSlug("did-123"));
  EXPECT_FALSE(DidFromSlug("did%2300012345"));
  EXPECT_FALSE(DidFromSlug(""));
  EXPECT_FALSE(DidFromSlug("../etc"));
}

TEST(UnreachableSettingsTest, DefaultsFollowTheProcessAndBadValuesAreRefused) {
  UnreachableSettings s;
  EXPECT_TRUE(ValidateSettings(s));
  EXPECT_EQ(s.grace_months, 3);  // G7-1: 3 ヶ月程度の猶予期間
  EXPECT_EQ(s.did_prefix, "DID#");
  UnreachableSettings lower;
  lower.did_prefix = "did#";
  EXPECT_EQ(ValidateSettings(lower).error().field, "did_prefix");
  UnreachableSettings no_attempts;
  no_attempts.rules.min_attempts = 0;
  EXPECT_EQ(ValidateSettings(no_attempts).error().field, "min_attempts");
  UnreachableSettings channels;
  channels.rules.min_channels = 8;
  EXPECT_EQ(ValidateSettings(channels).error().field, "min_channels");
  UnreachableSettings grace;
  grace.grace_months = -1;
  EXPECT_EQ(ValidateSettings(grace).error().field, "grace_months");
}

// ---------------------------------------------------------------- the rules

TEST(UnreachableRulesTest, ProposesUnreachableOnlyWhenEveryRuleIsMet) {
  const UnreachableRules rules;  // 3 attempts, 30 days, 2 channels, mail required
  const Timestamp t0 = Utc(2026, 1, 5, 1);
  std::vector<ContactAttempt> a{Attempt(ContactChannel::kMail, t0)};

  auto ev = EvaluateUnreachable(a, std::nullopt, std::nullopt, rules, t0 + days(1));
  EXPECT_EQ(ev.initial_contact, t0);
  EXPECT_EQ(ev.attempts, 1);
  EXPECT_FALSE(ev.attempts_met);
  EXPECT_FALSE(ev.period_met);
  EXPECT_FALSE(ev.channels_met);
  EXPECT_TRUE(ev.required_met);
  EXPECT_FALSE(ev.Meets());

  a.push_back(Attempt(ContactChannel::kPhone, t0 + days(10), ContactOutcome::kBounced));
  a.push_back(Attempt(ContactChannel::kMail, t0 + days(20)));
  ev = EvaluateUnreachable(a, std::nullopt, std::nullopt, rules, t0 + days(29));
  EXPECT_TRUE(ev.attempts_met);
  EXPECT_TRUE(ev.channels_met);
  EXPECT_FALSE(ev.period_met) << "30 days from the initial contact date have not passed";
  EXPECT_EQ(ev.period_ends, t0 + days(30));
  EXPECT_EQ(ev.days_elapsed, 29);
  EXPECT_FALSE(ev.Meets());

  ev = EvaluateUnreachable(a, std::nullopt, std::nullopt, rules, t0 + days(30));
  EXPECT_TRUE(ev.Meets());
  EXPECT_EQ(ev.channels_tried, (std::vector<ContactChannel>{ContactChannel::kMail, ContactChannel::kPhone}));
}

TEST(UnreachableRulesTest, RequiredChannelsMustEachHaveBeenTried) {
  UnreachableRules rules;
  rules.required_channels = {ContactChannel::kMail, ContactChannel::kPost};
  const Timestamp t0 = Utc(2026, 1, 5);
  const std::vector<ContactAttempt> a{Attempt(ContactChannel::kMail, t0), Attempt(ContactChannel::kPhone, t0),
                                      Attempt(ContactChannel::kForum, t0)};
  const auto ev = EvaluateUnreachable(a, std::nullopt, std::nullopt, rules, t0 + days(60));
  EXPECT_FALSE(ev.required_met);
  EXPECT_EQ(ev.required_missing, std::vector<ContactChannel>{ContactChannel::kPost});
  EXPECT_FALSE(ev.Meets());
}

TEST(UnreachableRulesTest, PeriodCountsFromTheCasesInitialContactWhenEarlier) {
  // The overview notice the system sent is the initial contact date (G4-1, G2-3).
  const Timestamp notice = Utc(2026, 1, 1);
  const Timestamp t0 = Utc(2026, 1, 20);
  const std::vector<ContactAttempt> a{Attempt(ContactChannel::kMail, t0), Attempt(ContactChannel::kPhone, t0),
                                      Attempt(ContactChannel::kMail, t0 + days(5))};
  const auto ev = EvaluateUnreachable(a, notice, std::nullopt, UnreachableRules{}, notice + days(31));
  EXPECT_EQ(ev.initial_contact, notice);
  EXPECT_TRUE(ev.Meets());
}

TEST(UnreachableRulesTest, OnlyAttemptsAfterTheLastAnswerCount) {
  const Timestamp t0 = Utc(2026, 1, 5);
  const std::vector<ContactAttempt> a{
      Attempt(ContactChannel::kMail, t0),
      Attempt(ContactChannel::kPhone, t0 + days(1)),
      Attempt(ContactChannel::kMail, t0 + days(2)),
      Attempt(ContactChannel::kMail, t0 + days(3), ContactOutcome::kAnswered),  // the developer answered
      Attempt(ContactChannel::kMail, t0 + days(10)),
      Attempt(ContactChannel::kFax, t0 + days(11))};
  auto ev = EvaluateUnreachable(a, std::nullopt, std::nullopt, UnreachableRules{}, t0 + days(60));
  EXPECT_EQ(ev.last_answer, t0 + days(3));
  EXPECT_EQ(ev.attempts, 2);
  EXPECT_FALSE(ev.Meets());
  // An answer filed in the case itself (the vendor's last answer) counts too.
  ev = EvaluateUnreachable(a, std::nullopt, t0 + days(20), UnreachableRules{}, t0 + days(60));
  EXPECT_EQ(ev.attempts, 0);
}

TEST(UnreachableRulesTest, ContactAttemptsAreValidated) {
  const Timestamp now = Utc(2026, 3, 1);
  ContactAttempt a = Attempt(ContactChannel::kMail, now);
  EXPECT_TRUE(ValidateContactAttempt(a, now));
  a.recipient = " ";
  EXPECT_EQ(ValidateContactAttempt(a, now).error().field, "recipient");
  a.recipient = "x";
  a.at = now + hours(1);
  EXPECT_EQ(ValidateContactAttempt(a, now).error().field, "at");
  a.at = now;
  a.note = std::string("\xff\xfe");
  EXPECT_EQ(ValidateContactAttempt(a, now).error().field, "note");
  a.note = std::string(5001, 'n');
  EXPECT_EQ(ValidateContactAttempt(a, now).error().field, "note");
}

// ---------------------------------------------------------------- stages

UnreachableEntry Listed(Timestamp at) {
  UnreachableEntry e;
  e.did = "DID#00000001";
  e.public_name = "Example Soft";
  e.listed_at = at;
  return e;
}

TEST(UnreachableStages, MonthsAreCalendarMonthsClampedToTheMonthsEnd) {
  EXPECT_EQ(AddMonths(Day(2026, 1, 15), 3), Day(2026, 4, 15));
  EXPECT_EQ(AddMonths(Day(2025, 11, 30), 3), Day(2026, 2, 28));
  EXPECT_EQ(AddMonths(Day(2027, 11, 30), 3), Day(2028, 2, 29));
  EXPECT_EQ(AddMonths(Day(2026, 12, 31), 2), Day(2027, 2, 28));
  // A JST date: 2026-01-31 16:00 UTC is already February 1 in Japan.
  EXPECT_EQ(JstDay(Utc(2026, 1, 31, 16)), Day(2026, 2, 1));
}

TEST(UnreachableStages, ProductIsPublishedOnlyAfterTheGracePeriod) {
  const UnreachableSettings s;
  const auto e = Listed(Utc(2026, 1, 15, 3));  // listed 2026-01-15 JST
  EXPECT_EQ(GraceEnds(e, s), Day(2026, 4, 15));
  auto early = CheckPublishProduct(e, DeveloperKind::kCompany, "Foo", "1.0", s, Utc(2026, 4, 14, 3));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_NE(early.error().message.find("2026-04-15"), std::string::npos);
  EXPECT_TRUE(CheckPublishProduct(e, DeveloperKind::kCompany, "Foo", "1.0", s, Utc(2026, 4, 15, 0)));
  EXPECT_EQ(CheckPublishProduct(e, DeveloperKind::kCompany, "", "1.0", s, Utc(2026, 5, 1)).error().field,
            "product_name");
  EXPECT_EQ(CheckPublishProduct(e, DeveloperKind::kCompany, "Foo", "", s, Utc(2026, 5, 1)).error().field,
            "product_version");
  UnreachableSettings shorter;
  shorter.grace_months = 1;
  EXPECT_TRUE(CheckPublishProduct(e, DeveloperKind::kNonCompany, "Foo", "1.0", shorter, Utc(2026, 2, 15)));
}

TEST(UnreachableStages, DeadlineThenSubmissionThenDecisionInOrder) {
  const UnreachableSettings s;  // deadline after 30 days, at least 14 days' notice
  auto e = Listed(Utc(2026, 1, 15));
  // Out of order: nothing but the product publication is possible at stage 1.
  EXPECT_EQ(CheckAddDeadline(e, Day(2026, 12, 1), s, Utc(2026, 6, 1)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckSubmit(e, Utc(2026, 12, 1)).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckDecide(e).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckVote(e).error().code, ErrorCode::kConflict);

  e.stage = UnreachableStage::kProductPublished;
  e.product_published_at = Utc(2026, 4, 15);
  EXPECT_EQ(CheckAddDeadline(e, Day(2026, 6, 30), s, Utc(2026, 5, 1)).error().code, ErrorCode::kConflict)
      << "too soon after the product publication";
  EXPECT_EQ(CheckAddDeadline(e, Day(2026, 5, 20), s, Utc(2026, 5, 15)).error().field, "contact_deadline")
      << "less than 14 days' notice";
  EXPECT_TRUE(CheckAddDeadline(e, Day(2026, 5, 29), s, Utc(2026, 5, 15)));

  e.stage = UnreachableStage::kDeadlineAdded;
  e.deadline_added_at = Utc(2026, 5, 15);
  e.contact_deadline = Day(2026, 5, 29);
  EXPECT_EQ(CheckSubmit(e, Utc(2026, 5, 29, 14)).error().code, ErrorCode::kConflict)
      << "the deadline day itself (23:00 JST) still accepts answers";
  EXPECT_TRUE(CheckSubmit(e, Utc(2026, 5, 29, 15)));  // 2026-05-30 00:00 JST

  e.stage = UnreachableStage::kSubmitted;
  EXPECT_TRUE(CheckVote(e));
  EXPECT_TRUE(CheckDecide(e));
  EXPECT_EQ(CheckMarkPublished(e).error().code, ErrorCode::kConflict);

  e.stage = UnreachableStage::kDecided;
  e.decision = CommitteeDecision::kDoNotPublish;
  EXPECT_EQ(CheckVote(e).error().code, ErrorCode::kConflict);
  EXPECT_EQ(CheckMarkPublished(e).error().code, ErrorCode::kConflict);
  e.decision = CommitteeDecision::kPublish;
  EXPECT_TRUE(CheckMarkPublished(e));
}

TEST(UnreachableStages, AnAnswerResolvesAtAnyStageBeforePublication) {
  auto e = Listed(Utc(2026, 1, 15));
  for (auto stage :
       {UnreachableStage::kListed, UnreachableStage::kProductPublished, UnreachableStage::kDeadlineAdded,
        UnreachableStage::kSubmitted, UnreachableStage::kDecided}) {
    e.stage = stage;
    EXPECT_TRUE(CheckResolve(e)) << UnreachableStageName(stage);
  }
  e.stage = UnreachableStage::kPublished;
  EXPECT_EQ(CheckResolve(e).error().code, ErrorCode::kConflict);
  e.stage = UnreachableStage::kResolved;
  EXPECT_EQ(CheckResolve(e).error().code, ErrorCode::kConflict);
  EXPECT_FALSE(OnPublicList(e));
}

TEST(UnreachableStages, ProductIsPublicFromStageTwoAndNotAfterResolution) {
  auto e = Listed(Utc(2026, 1, 15));
  EXPECT_FALSE(ProductPublic(e));
  e.stage = UnreachableStage::kProductPublished;
  e.product_published_at = Utc(2026, 4, 15);
  EXPECT_TRUE(ProductPublic(e));
  e.stage = UnreachableStage::kResolved;
  EXPECT_FALSE(ProductPublic(e));
}

TEST(UnreachableStages, PublicFieldsNeedANameOrRemarksAndAnHttpLink) {
  UnreachableEntry e;
  EXPECT_EQ(ValidatePublicFields(e).error().field, "public_name");
  e.remarks_ja = "製品 C の開発者";  // fig. 3, DID#CCCCC: no name, remarks say whose developer
  EXPECT_TRUE(ValidatePublicFields(e));
  e.related_url = "javascript:alert(1)";
  EXPECT_EQ(ValidatePublicFields(e).error().field, "related_url");
  e.related_url = "http://ddd.example/";
  EXPECT_TRUE(ValidatePublicFields(e));
  e.public_name = std::string(301, 'x');
  EXPECT_EQ(ValidatePublicFields(e).error().field, "public_name");
}

// ---------------------------------------------------------------- wording

UnreachableEntry WithProduct(DeveloperKind kind) {
  auto e = Listed(Utc(2026, 1, 15));
  e.stage = UnreachableStage::kProductPublished;
  e.developer_kind = kind;
  e.product_name = "FooViewer";
  e.product_version = "2.1";
  e.product_published_at = Utc(2026, 4, 15, 1);
  return e;
}

TEST(UnreachableWording, CompanyNoticeIsTheGuidelinesFigure41) {
  const auto n = BuildProductNotice(WithProduct(DeveloperKind::kCompany), Language::kJa, "jvn@jvn.jp");
  EXPECT_EQ(n.title, "FooViewer の製品開発者に関する情報");
  ASSERT_EQ(n.paragraphs.size(), 1u);
  EXPECT_EQ(
      n.paragraphs[0],
      "製品名 FooViewer、バージョン 2.1 の作者、または著作権を有している製品開発者の方、または販売代理店等、"
      "本製品に関係する方は下記の宛先までご連絡をお願いします。");
  EXPECT_EQ(n.contact, "連絡先： jvn@jvn.jp");
  EXPECT_EQ(n.published, "公開日：2026年04月15日");
  EXPECT_EQ(n.updated, "");
  EXPECT_EQ(n.closing, "");
}

TEST(UnreachableWording, NonCompanyNoticeIsTheGuidelinesFigure42) {
  const auto n = BuildProductNotice(WithProduct(DeveloperKind::kNonCompany), Language::kJa, "jvn@jvn.jp");
  ASSERT_EQ(n.paragraphs.size(), 1u);
  EXPECT_EQ(
      n.paragraphs[0],
      "製品名 FooViewer、バージョン 2.1 の作者、または著作権を有している製品開発者の方、または製品開発者との"
      "連絡方法をご存じの方は下記の宛先までご連絡をお願いします。また、同製品の派生・関連製品のコミュニティに"
      "所属する製品開発者の方で、修正版の提供が可能な方からのご連絡もお待ちしています。");
}

TEST(UnreachableWording, DeadlineNoticeIsTheGuidelinesFigure5) {
  auto e = WithProduct(DeveloperKind::kCompany);
  e.stage = UnreachableStage::kDeadlineAdded;
  e.deadline_added_at = Utc(2026, 5, 20, 2);
  e.contact_deadline = Day(2026, 6, 30);
  const auto n = BuildProductNotice(e, Language::kJa, "jvn@jvn.jp");
  ASSERT_EQ(n.paragraphs.size(), 2u);
  EXPECT_EQ(n.paragraphs[1], "本件に関するご連絡は、2026年06月30日まで受け付けます。");
  EXPECT_EQ(n.updated, "更新日：2026年05月20日（連絡期限追記）");
  EXPECT_EQ(n.closing,
            "なお、2026年06月30日までにご連絡をいただけなかった場合は、製品開発者と連絡がとれないため調整不能"
            "と判断し、"
            "「情報セキュリティ早期警戒パートナーシップガイドライン」の「IV. "
            "ソフトウェア製品に係る脆弱性関連情報取扱」"
            "および付録 8、9 及び 11 の記載に準じて取り扱います。");
}

TEST(UnreachableWording, EnglishNoticesKeepTheCompanyDistinctionAndTheDeadline) {
  auto company = BuildProductNotice(WithProduct(DeveloperKind::kCompany), Language::kEn, "cvd@example.org");
  EXPECT_EQ(company.title, "Information about the developer of FooViewer");
  EXPECT_NE(company.paragraphs[0].find("a distributor"), std::string::npos);
  EXPECT_EQ(company.paragraphs[0].find("fixed version"), std::string::npos);
  EXPECT_EQ(company.contact, "Contact: cvd@example.org");
  EXPECT_EQ(company.published, "Published: 2026-04-15");
  auto e = WithProduct(DeveloperKind::kNonCompany);
  e.deadline_added_at = Utc(2026, 5, 20);
  e.contact_deadline = Day(2026, 6, 30);
  const auto other = BuildProductNotice(e, Language::kEn, "cvd@example.org");
  EXPECT_NE(other.paragraphs[0].find("provide a fixed version"), std::string::npos);
  EXPECT_EQ(other.paragraphs[1], "We accept contact about this matter until 2026-06-30.");
  EXPECT_EQ(other.updated, "Updated: 2026-05-20 (contact deadline added)");
  EXPECT_NE(other.closing.find("Appendices 8, 9 and 11"), std::string::npos);
}

TEST(UnreachableWording, AdvisoryCarriesVendorViewNoneAndTheHistoryOfFigure6) {
  auto e = WithProduct(DeveloperKind::kCompany);
  e.deadline_added_at = Utc(2026, 5, 20);
  e.contact_deadline = Day(2026, 6, 30);
  e.decided_at = Utc(2026, 7, 10);
  e.verification_ja = "再現を確認しました。";
  e.verification_en = "";
  const auto ja = BuildAdvisoryText(e, Language::kJa, Utc(2026, 7, 20, 1));
  EXPECT_EQ(ja.vendor_view, "なし");
  EXPECT_EQ(ja.history_intro, "公表に至る経緯は以下のとおりです。");
  const std::vector<std::string> history{
      "2026/01/15: 「連絡不能開発者一覧」に製品開発者名を掲載",
      "2026/04/15: 「連絡不能開発者一覧」に「補足情報」の掲載を行う",
      "2026/05/20: 「補足情報」に連絡期限（2026年06月30日）を追記",
      "2026/06/30: 「連絡不能開発者一覧」に「補足情報」を掲載後、期限内に製品開発者から応答なし",
      "2026/07/10: 公表判定委員会の審議を経て公表を決定",
      "2026/07/20: 本情報を「JVN」にて公表",
  };
  EXPECT_EQ(ja.history, history);
  EXPECT_EQ(ja.verification, "再現を確認しました。");
  const auto en = BuildAdvisoryText(e, Language::kEn, Utc(2026, 7, 20, 1));
  EXPECT_EQ(en.vendor_view, "None");
  ASSERT_EQ(en.history.size(), 6u);
  EXPECT_EQ(en.history[2],
            "2026/05/20: A contact deadline (2026-06-30) was added to the supplementary information");
  EXPECT_EQ(en.history[5], "2026/07/20: This information was published on JVN");
  EXPECT_EQ(en.verification, "再現を確認しました。")
      << "the Japanese notes stand in for a missing translation";
}

}  // namespace
}  // namespace cvdhub::domain
