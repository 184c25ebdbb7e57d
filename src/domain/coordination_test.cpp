#include "domain/coordination.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvdhub::domain {
namespace {

using namespace std::chrono;
using namespace std::string_literals;

// A UTC instant.
Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

// ---------------------------------------------------------------- Status wording (G6-2)

TEST(VendorStatusWording, TableHasTheFiveStatusesWithTheirExactPublicWording) {
  // Statuses and their public wording, as the process table gives them (G6-2, PROCESS §4.9).
  const struct {
    VendorStatus status;
    std::string_view name, ja, en, csaf;
  } expected[] = {
      {VendorStatus::kAffected, "affected", "該当製品あり", "Vulnerable", "known_affected"},
      {VendorStatus::kAffectedInvestigating, "affected_investigating", "該当製品あり：調査中",
       "Vulnerable, investigating", "known_affected+under_investigation"},
      {VendorStatus::kNotAffected, "not_affected", "該当製品なし", "Not vulnerable", "known_not_affected"},
      {VendorStatus::kNotAffectedInvestigating, "not_affected_investigating", "該当製品なし：調査中",
       "Not vulnerable, investigating", "under_investigation"},
      {VendorStatus::kInformationProvided, "information_provided", "脆弱性情報提供済み",
       "Information provided", "under_investigation"},
  };
  const auto& table = VendorStatusTable();
  ASSERT_EQ(table.size(), 5u);
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const auto& e = expected[i];
    SCOPED_TRACE(std::string(e.name));
    EXPECT_EQ(table[i].status, e.status) << "table order follows the process table";
    const VendorStatusWording& w = Wording(e.status);
    EXPECT_EQ(w.status, e.status);
    EXPECT_EQ(w.name, e.name);
    EXPECT_EQ(w.ja, e.ja);
    EXPECT_EQ(w.en, e.en);
    EXPECT_EQ(w.csaf, e.csaf);
  }
}

TEST(VendorStatusWording, JapaneseWordingUsesTheFullWidthColon) {
  // JVN writes 該当製品あり：調査中 with U+FF1A, never an ASCII colon (G6-2).
  EXPECT_EQ(Wording(VendorStatus::kAffectedInvestigating).ja,
            "\xE8\xA9\xB2\xE5\xBD\x93\xE8\xA3\xBD\xE5\x93\x81"
            "\xE3\x81\x82\xE3\x82\x8A\xEF\xBC\x9A\xE8\xAA\xBF"
            "\xE6\x9F\xBB\xE4\xB8\xAD");
  for (const auto& w : VendorStatusTable()) {
    EXPECT_EQ(w.ja.find(':'), std::string_view::npos) << w.name;
  }
}

TEST(VendorStatusWording, ParseVendorStatusRoundTripsEveryWireName) {
  // Every status statement is stored and exchanged by its wire name (G6-2).
  for (const auto& w : VendorStatusTable()) {
    const auto parsed = ParseVendorStatus(w.name);
    ASSERT_TRUE(parsed.has_value()) << w.name;
    EXPECT_EQ(*parsed, w.status);
    EXPECT_EQ(Wording(*parsed).name, w.name);
  }
}

TEST(VendorStatusWording, ParseVendorStatusRejectsAnythingButAnExactWireName) {
  // Unknown or differently spelled statuses are not guessed at (G6-2).
  for (std::string_view bad :
       {"", "Affected", "AFFECTED", "affected ", " affected", "affected-investigating", "該当製品あり",
        "Vulnerable", "known_affected", "unknown", "information provided"}) {
    EXPECT_FALSE(ParseVendorStatus(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(VendorStatusWording, OtherEnumsRoundTripTheirNames) {
  // The overview answer (G2-1), the date response (G4-1), the investigation's "affected" (G3-3),
  // the publication-date state and the thread kinds (G8-3) are stored by name.
  for (auto a : {OverviewAnswer::kNone, OverviewAnswer::kMayBeAffected, OverviewAnswer::kNotAffected}) {
    EXPECT_EQ(ParseOverviewAnswer(OverviewAnswerName(a)), a);
  }
  EXPECT_EQ(OverviewAnswerName(OverviewAnswer::kMayBeAffected), "may_be_affected");
  EXPECT_EQ(OverviewAnswerName(OverviewAnswer::kNotAffected), "not_affected");
  for (auto r : {DateResponse::kNone, DateResponse::kAccepted, DateResponse::kRevisionRequested}) {
    EXPECT_EQ(ParseDateResponse(DateResponseName(r)), r);
  }
  EXPECT_EQ(DateResponseName(DateResponse::kRevisionRequested), "revision_requested");
  for (auto s :
       {PublicationDateState::kNone, PublicationDateState::kProposed, PublicationDateState::kAgreed}) {
    EXPECT_EQ(ParsePublicationDateState(PublicationDateStateName(s)), s);
  }
  for (auto a : {Affected::kYes, Affected::kNo, Affected::kUnknown}) {
    EXPECT_EQ(ParseAffected(AffectedName(a)), a);
  }
  for (auto t : {ThreadKind::kVendor, ThreadKind::kCase, ThreadKind::kPartner}) {
    EXPECT_EQ(ParseThreadKind(ThreadKindName(t)), t);
  }
  EXPECT_FALSE(ParseOverviewAnswer("maybe").has_value());
  EXPECT_FALSE(ParseDateResponse("yes").has_value());
  EXPECT_FALSE(ParsePublicationDateState("published").has_value());
  EXPECT_FALSE(ParseAffected("YES").has_value());
  EXPECT_FALSE(ParseThreadKind("vendors").has_value());
}

// ---------------------------------------------------------------- Engagement

TEST(DeriveEngagement, EveryStateFollowsFromTheRecord) {
  // Engagement is derived from the vendor's record, never stored (G2-1, G3, G3-3, G6-2).
  const Timestamp t0 = Utc(2026, 5, 1, 1);
  const Timestamp now = Utc(2026, 5, 5, 1);
  const Timestamp later = Utc(2026, 6, 1);  // a due time not yet reached

  auto notified = [&] {
    CaseVendor v;
    v.initial_contact_at = t0;
    v.overview_sent_at = t0;
    v.answer_due = later;
    return v;
  };
  CaseVendor not_notified;
  CaseVendor just_notified = notified();
  CaseVendor answered_not_affected = notified();
  answered_not_affected.overview_answer = OverviewAnswer::kNotAffected;
  answered_not_affected.answer_due.reset();
  CaseVendor asked_for_details = notified();
  asked_for_details.overview_answer = OverviewAnswer::kMayBeAffected;
  asked_for_details.details_requested_at = t0 + hours(2);
  asked_for_details.answer_due.reset();
  CaseVendor got_details = asked_for_details;
  got_details.details_released_at = t0 + hours(3);
  got_details.answer_due = later;
  CaseVendor obvious_got_details;  // the overview step skipped: details are the first contact
  obvious_got_details.obvious = true;
  obvious_got_details.initial_contact_at = t0;
  obvious_got_details.details_released_at = t0;
  CaseVendor investigating = got_details;
  investigating.investigation_at = t0 + days(1);
  investigating.answer_due.reset();
  CaseVendor filed = investigating;
  filed.status = VendorStatus::kAffected;
  filed.statement_at = t0 + days(2);

  const struct {
    const char* why;
    const CaseVendor* v;
    Engagement want;
    std::string_view name;
  } cases[] = {
      {"never contacted", &not_notified, Engagement::kNotNotified, "not_notified"},
      {"overview sent, no answer yet", &just_notified, Engagement::kNotified, "notified"},
      {"answered not affected", &answered_not_affected, Engagement::kAcknowledged, "acknowledged"},
      {"asked for details", &asked_for_details, Engagement::kDetailsRequested, "details_requested"},
      {"details released", &got_details, Engagement::kDetailsReleased, "details_released"},
      {"obvious vendor, details released", &obvious_got_details, Engagement::kDetailsReleased,
       "details_released"},
      {"investigation report filed", &investigating, Engagement::kInvestigating, "investigating"},
      {"status statement filed", &filed, Engagement::kStatementFiled, "statement_filed"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(DeriveEngagement(*c.v, now), c.want) << c.why;
    EXPECT_EQ(EngagementName(DeriveEngagement(*c.v, now)), c.name) << c.why;
  }
  EXPECT_EQ(EngagementName(Engagement::kUnresponsive), "unresponsive");
}

TEST(DeriveEngagement, UnresponsiveOnceTheAnswerDueTimeHasPassed) {
  // No answer by the reminder deadline: the vendor is silent (G7, P-F).
  CaseVendor v;
  v.initial_contact_at = Utc(2026, 5, 1);
  v.overview_sent_at = Utc(2026, 5, 1);
  v.answer_due = Utc(2026, 5, 11);
  EXPECT_EQ(DeriveEngagement(v, Utc(2026, 5, 10, 23, 59, 59)), Engagement::kNotified);
  EXPECT_EQ(DeriveEngagement(v, Utc(2026, 5, 11)), Engagement::kNotified) << "due at, not yet past";
  EXPECT_EQ(DeriveEngagement(v, Utc(2026, 5, 11, 0, 0, 1)), Engagement::kUnresponsive);
}

TEST(DeriveEngagement, UnresponsiveTakesPrecedenceOverEveryOtherState) {
  // A pending question past its due time makes the vendor silent whatever it did before (G7).
  const Timestamp t0 = Utc(2026, 5, 1);
  const Timestamp now = Utc(2026, 7, 1);
  CaseVendor base;
  base.initial_contact_at = t0;
  base.answer_due = t0 + days(10);

  CaseVendor answered = base;
  answered.overview_answer = OverviewAnswer::kNotAffected;
  CaseVendor requested = base;
  requested.overview_answer = OverviewAnswer::kMayBeAffected;
  requested.details_requested_at = t0;
  CaseVendor released = requested;
  released.details_released_at = t0 + days(1);
  CaseVendor investigating = released;
  investigating.investigation_at = t0 + days(2);
  CaseVendor filed = investigating;
  filed.status = VendorStatus::kNotAffected;
  filed.statement_at = t0 + days(3);

  for (const CaseVendor* v : {&base, &answered, &requested, &released, &investigating, &filed}) {
    EXPECT_EQ(DeriveEngagement(*v, now), Engagement::kUnresponsive);
  }
}

TEST(DeriveEngagement, SilenceIsNeverReadAsNotAffected) {
  // "Unresponsive" is never "not affected": silence gives no status, or "information provided" (G7).
  const Timestamp t0 = Utc(2026, 5, 1);
  const Timestamp now = Utc(2026, 9, 1);
  CaseVendor silent_after_overview;
  silent_after_overview.initial_contact_at = t0;
  silent_after_overview.overview_sent_at = t0;
  silent_after_overview.answer_due = t0 + days(10);
  EXPECT_EQ(DeriveEngagement(silent_after_overview, now), Engagement::kUnresponsive);
  EXPECT_EQ(EffectiveStatus(silent_after_overview), std::nullopt);

  CaseVendor silent_after_details = silent_after_overview;
  silent_after_details.details_released_at = t0 + days(1);
  silent_after_details.answer_due = t0 + days(11);
  EXPECT_EQ(DeriveEngagement(silent_after_details, now), Engagement::kUnresponsive);
  EXPECT_EQ(EffectiveStatus(silent_after_details), VendorStatus::kInformationProvided);
}

// ---------------------------------------------------------------- Effective status

TEST(EffectiveStatus, NothingBeforeDetailsInformationProvidedAfterTheStatementOnceFiled) {
  // Default "information provided" once details were released (G3); the filed statement otherwise (G6-2).
  CaseVendor v;
  EXPECT_EQ(EffectiveStatus(v), std::nullopt);
  EXPECT_FALSE(InVendorTable(v));
  v.initial_contact_at = Utc(2026, 5, 1);
  v.overview_sent_at = Utc(2026, 5, 1);
  v.details_requested_at = Utc(2026, 5, 2);
  EXPECT_EQ(EffectiveStatus(v), std::nullopt) << "asked, but not yet released";
  EXPECT_FALSE(InVendorTable(v));
  v.details_released_at = Utc(2026, 5, 3);
  EXPECT_EQ(EffectiveStatus(v), VendorStatus::kInformationProvided);
  EXPECT_TRUE(InVendorTable(v));
  v.status = VendorStatus::kAffectedInvestigating;
  EXPECT_EQ(EffectiveStatus(v), VendorStatus::kAffectedInvestigating);
  v.status = VendorStatus::kNotAffected;
  EXPECT_EQ(EffectiveStatus(v), VendorStatus::kNotAffected);
}

// ---------------------------------------------------------------- Clocks

TEST(ComputeClocks, NoContactNoClocks) {
  // The clocks run from the initial contact date (G4-1); without one there is none.
  const CaseClocks none = ComputeClocks({}, ClockSettings{});
  EXPECT_FALSE(none.initial_contact.has_value());
  EXPECT_FALSE(none.target_45.has_value());
  EXPECT_FALSE(none.closing_120.has_value());
  EXPECT_FALSE(none.closing_warning.has_value());
  EXPECT_FALSE(none.withdrawal_1y.has_value());

  const CaseClocks not_yet = ComputeClocks({CaseVendor{}, CaseVendor{}}, ClockSettings{});
  EXPECT_FALSE(not_yet.initial_contact.has_value());
  EXPECT_FALSE(not_yet.target_45.has_value());
}

TEST(ComputeClocks, DefaultsAre45And120DaysAWarning14DaysBeforeAndOneYear) {
  // 45-day target (G4-1), 120-day closing (P-F) warned 14 days ahead, one-year withdrawal (B *5, G4-5).
  const ClockSettings defaults;
  EXPECT_EQ(defaults.target, days(45));
  EXPECT_EQ(defaults.closing, days(120));
  EXPECT_EQ(defaults.closing_warning, days(14));
  EXPECT_EQ(defaults.withdrawal, days(365));
  EXPECT_EQ(defaults.answer_within, days(10));

  CaseVendor v;
  v.initial_contact_at = Utc(2026, 5, 1, 3, 30);
  const CaseClocks c = ComputeClocks({v}, defaults);
  EXPECT_EQ(c.initial_contact, Utc(2026, 5, 1, 3, 30));
  EXPECT_EQ(c.target_45, Utc(2026, 6, 15, 3, 30));
  EXPECT_EQ(c.closing_120, Utc(2026, 8, 29, 3, 30));
  EXPECT_EQ(c.closing_warning, Utc(2026, 8, 15, 3, 30));
  EXPECT_EQ(c.withdrawal_1y, Utc(2027, 5, 1, 3, 30));
}

TEST(ComputeClocks, SeveralVendorsCountFromTheEarliestInitialContact) {
  // For several developers the 起算日 is the first contact (G4-1).
  CaseVendor downstream;
  downstream.initial_contact_at = Utc(2026, 3, 10);
  CaseVendor upstream;
  upstream.initial_contact_at = Utc(2026, 3, 1);
  CaseVendor not_contacted;
  CaseVendor later;
  later.initial_contact_at = Utc(2026, 4, 1);
  const CaseClocks c = ComputeClocks({downstream, not_contacted, upstream, later}, ClockSettings{});
  EXPECT_EQ(c.initial_contact, Utc(2026, 3, 1));
  EXPECT_EQ(c.target_45, Utc(2026, 4, 15));
  EXPECT_EQ(c.closing_120, Utc(2026, 6, 29));
  EXPECT_EQ(c.closing_warning, Utc(2026, 6, 15));
  EXPECT_EQ(c.withdrawal_1y, Utc(2027, 3, 1));
}

TEST(ComputeClocks, ConfiguredClocksAreHonoured) {
  // Clocks are configurable; the defaults are only defaults (PROCESS intro).
  CaseVendor v;
  v.initial_contact_at = Utc(2026, 1, 1);
  const ClockSettings s{
      .target = days(30), .closing = days(90), .closing_warning = days(7), .withdrawal = days(180)};
  const CaseClocks c = ComputeClocks({v}, s);
  EXPECT_EQ(c.target_45, Utc(2026, 1, 31));
  EXPECT_EQ(c.closing_120, Utc(2026, 4, 1));
  EXPECT_EQ(c.closing_warning, Utc(2026, 3, 25));
  EXPECT_EQ(c.withdrawal_1y, Utc(2026, 6, 30));
}

// ---------------------------------------------------------------- One date for all

CaseVendor InTable(DateResponse r) {
  CaseVendor v;
  v.initial_contact_at = Utc(2026, 5, 1);
  v.details_released_at = Utc(2026, 5, 1);
  v.date_response = r;
  return v;
}

CaseVendor NotInTable(DateResponse r) {
  CaseVendor v;
  v.initial_contact_at = Utc(2026, 5, 1);
  v.overview_sent_at = Utc(2026, 5, 1);
  v.date_response = r;
  return v;
}

TEST(EveryoneAcceptedDate, OnlyVendorsInTheVendorTableCount) {
  // One date for all developers in the case, agreed with each of them (G4-1).
  using R = DateResponse;
  const struct {
    const char* why;
    std::vector<CaseVendor> vendors;
    bool want;
  } cases[] = {
      {"no vendors", {}, false},
      {"none in the table", {NotInTable(R::kAccepted), NotInTable(R::kNone)}, false},
      {"one in the table, accepted", {InTable(R::kAccepted)}, true},
      {"one in the table, no answer", {InTable(R::kNone)}, false},
      {"one in the table, revision requested", {InTable(R::kRevisionRequested)}, false},
      {"all in the table accepted",
       {InTable(R::kAccepted), InTable(R::kAccepted), InTable(R::kAccepted)},
       true},
      {"one of three has not answered",
       {InTable(R::kAccepted), InTable(R::kNone), InTable(R::kAccepted)},
       false},
      {"one asks for a revision", {InTable(R::kAccepted), InTable(R::kRevisionRequested)}, false},
      {"overview-only vendors are not asked", {InTable(R::kAccepted), NotInTable(R::kNone)}, true},
      {"overview-only acceptance does not count", {InTable(R::kNone), NotInTable(R::kAccepted)}, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EveryoneAcceptedDate(c.vendors), c.want) << c.why;
  }
}

// ---------------------------------------------------------------- Validation

TEST(ValidateStatement, AdvisoryUrlMustBeAnHttpOrHttpsUrl) {
  // The vendor's advisory link goes into the vendor table (G6-2, G6-4).
  const struct {
    std::string url;
    bool ok;
  } cases[] = {
      {"", true},
      {"https://example.com/security/advisory-2026-01", true},
      {"http://example.com/psirt", true},
      {"https://example.co.jp/ja/security/?id=1#top", true},
      {"https://" + std::string(2048 - 8, 'a'), true},
      {"https://" + std::string(2048 - 8 + 1, 'a'), false},
      {"ftp://example.com/advisory", false},
      {"javascript:alert(1)", false},
      {"example.com/advisory", false},
      {"https://example.com/a b", false},
      {"https://example.com/\"onmouseover=x", false},
      {"https://example.com/<script>", false},
      {"https://example.com/a>", false},
      {"https://example.com/\tx", false},
      {"https://example.com/\r\nSet-Cookie:x", false},
      {"https://example.com/\n", false},
      {" https://example.com/", false},
  };
  for (const auto& c : cases) {
    const Status st = ValidateStatement("text", c.url);
    EXPECT_EQ(st.ok(), c.ok) << "'" << c.url << "'";
    if (!st.ok()) {
      EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(st.error().field, "advisory_url");
      EXPECT_EQ(st.error().message, "advisory_url must be an http:// or https:// URL");
    }
  }
}

TEST(ValidateStatement, AdvisoryUrlNeedsAHost) {
  // A link in the vendor table must lead somewhere (G6-4): a scheme alone is no URL.
  for (std::string_view url : {"https://", "http://", "https:///advisory", "http:///"}) {
    const Status st = ValidateStatement("", url);
    ASSERT_FALSE(st.ok()) << "'" << url << "'";
    EXPECT_EQ(st.error().field, "advisory_url");
  }
}

TEST(ValidateStatement, StatementMustBeUtf8OfAtMost100000Bytes) {
  // Free text for the advisory (G6-2): any UTF-8, bounded.
  EXPECT_TRUE(ValidateStatement("", "").ok());
  EXPECT_TRUE(ValidateStatement("該当製品あり。修正版 2.0.1 を公開しました。", "").ok());
  EXPECT_TRUE(ValidateStatement(std::string(100'000, 'x'), "").ok());
  for (const std::string& bad : {std::string(100'001, 'x'), "\xff\xfe"s, "a\0b"s, "\xe8\xa9"s}) {
    const Status st = ValidateStatement(bad, "");
    ASSERT_FALSE(st.ok()) << bad.size();
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(st.error().field, "statement");
    EXPECT_EQ(st.error().message, "statement must be valid UTF-8 text of at most 100000 bytes");
  }
}

TEST(ValidateInvestigation, EveryFreeTextFieldIsCheckedAndNamed) {
  // The investigation report (G3-3): plans, schedule, publication plan, other developers.
  InvestigationReport good{.affected = Affected::kYes,
                           .workaround_plan = "disable the plugin",
                           .fix_plan = "2.0.1",
                           .schedule = "2026-06-01",
                           .publication_plan = "same day",
                           .other_developers = ""};
  EXPECT_TRUE(ValidateInvestigation(good).ok());
  EXPECT_TRUE(ValidateInvestigation(InvestigationReport{}).ok()) << "every field may be empty";
  good.fix_plan = std::string(100'000, 'x');
  EXPECT_TRUE(ValidateInvestigation(good).ok());

  const struct {
    std::string_view field;
    std::string InvestigationReport::*member;
  } fields[] = {
      {"workaround_plan", &InvestigationReport::workaround_plan},
      {"fix_plan", &InvestigationReport::fix_plan},
      {"schedule", &InvestigationReport::schedule},
      {"publication_plan", &InvestigationReport::publication_plan},
      {"other_developers", &InvestigationReport::other_developers},
  };
  for (const auto& f : fields) {
    for (const std::string& bad : {std::string(100'001, 'x'), "\xc3\x28"s}) {
      InvestigationReport r;
      r.*f.member = bad;
      const Status st = ValidateInvestigation(r);
      ASSERT_FALSE(st.ok()) << f.field;
      EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(st.error().field, f.field);
      EXPECT_EQ(st.error().message, std::string(f.field) + " must be valid UTF-8 of at most 100000 bytes");
    }
  }
}

// ---------------------------------------------------------------- Critical infrastructure

TEST(CriticalInfraSectors, AreTheTwelveSectorsOfG4_4) {
  // Pre-release to critical-infrastructure operators of twelve sectors (G4-4, PROCESS §4.7).
  const std::vector<std::string_view> want = {
      "info_communications", "finance",   "aviation", "railways",  "electricity", "gas", "medical", "water",
      "logistics",           "chemicals", "credit",   "petroleum",
  };
  EXPECT_EQ(CriticalInfraSectors(), want);
  EXPECT_EQ(CriticalInfraSectors().size(), 12u);
}

}  // namespace
}  // namespace cvdhub::domain
