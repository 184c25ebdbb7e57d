#include "domain/stats.hpp"

#include <gtest/gtest.h>

#include "domain/calendar.hpp"

namespace cvdhub::domain {
namespace {

using namespace std::chrono;

sys_days D(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }
// A moment at hour `h` JST of a JST date.
Timestamp Jst(int y, unsigned m, unsigned d, int h = 12) {
  return time_point_cast<seconds>(D(y, m, d) + hours(h) - hours(9));
}

TEST(StatsQuarters, FiscalYearStartsInAprilInJst) {
  const struct {
    sys_days date;
    Quarter fiscal;
    Quarter calendar;
    const char* fiscal_label;
  } cases[] = {
      {D(2026, 4, 1), {2026, 1}, {2026, 2}, "FY2026 Q1"},
      {D(2026, 6, 30), {2026, 1}, {2026, 2}, "FY2026 Q1"},
      {D(2026, 7, 1), {2026, 2}, {2026, 3}, "FY2026 Q2"},
      {D(2026, 12, 31), {2026, 3}, {2026, 4}, "FY2026 Q3"},
      {D(2027, 1, 1), {2026, 4}, {2027, 1}, "FY2026 Q4"},
      {D(2027, 3, 31), {2026, 4}, {2027, 1}, "FY2026 Q4"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(QuarterOfDate(c.date, QuarterScheme::kFiscalJapan), c.fiscal) << FormatDate(c.date);
    EXPECT_EQ(QuarterOfDate(c.date, QuarterScheme::kCalendar), c.calendar) << FormatDate(c.date);
    EXPECT_EQ(QuarterLabel(c.fiscal, QuarterScheme::kFiscalJapan), c.fiscal_label);
  }
  EXPECT_EQ(QuarterLabel({2027, 1}, QuarterScheme::kCalendar), "2027 Q1");
}

TEST(StatsQuarters, AMomentCountsByItsDateInJapan) {
  // 2026-03-31 20:00 UTC is 2026-04-01 05:00 JST: the new fiscal year.
  const Timestamp t = time_point_cast<seconds>(sys_days{D(2026, 3, 31)} + hours(20));
  EXPECT_EQ(QuarterOf(t, QuarterScheme::kFiscalJapan), (Quarter{2026, 1}));
  EXPECT_EQ(QuarterOf(t, QuarterScheme::kCalendar), (Quarter{2026, 2}));
  // 2026-03-31 14:59:59 UTC is 23:59:59 JST, still FY2025 Q4.
  EXPECT_EQ(QuarterOf(time_point_cast<seconds>(sys_days{D(2026, 3, 31)} + hours(14) + minutes(59) + seconds(59)),
                      QuarterScheme::kFiscalJapan),
            (Quarter{2025, 4}));
}

TEST(StatsQuarters, FirstAndLastDays) {
  EXPECT_EQ(QuarterFirstDay({2026, 4}, QuarterScheme::kFiscalJapan), D(2027, 1, 1));
  EXPECT_EQ(QuarterLastDay({2026, 4}, QuarterScheme::kFiscalJapan), D(2027, 3, 31));
  EXPECT_EQ(QuarterFirstDay({2026, 1}, QuarterScheme::kFiscalJapan), D(2026, 4, 1));
  EXPECT_EQ(QuarterLastDay({2026, 1}, QuarterScheme::kFiscalJapan), D(2026, 6, 30));
  EXPECT_EQ(QuarterLastDay({2028, 1}, QuarterScheme::kCalendar), D(2028, 3, 31));
  EXPECT_EQ(NextQuarter({2026, 4}), (Quarter{2027, 1}));
}

TEST(StatsPercentiles, MedianAndNearestRank90) {
  EXPECT_FALSE(Median({}).has_value());
  EXPECT_FALSE(Percentile90({}).has_value());
  EXPECT_EQ(Median({7}), 7.0);
  EXPECT_EQ(Percentile90({7}), 7.0);
  EXPECT_EQ(Median({30, 10, 20}), 20.0);
  EXPECT_EQ(Median({40, 10, 20, 30}), 25.0);  // mean of the two middle values
  EXPECT_EQ(Median({1, 2}), 1.5);
  // ⌈0.9·n⌉-th smallest: n = 10 → 9th; n = 11 → 10th; n = 3 → 3rd; n = 20 → 18th.
  EXPECT_EQ(Percentile90({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 9.0);
  EXPECT_EQ(Percentile90({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), 10.0);
  EXPECT_EQ(Percentile90({5, 1, 3}), 5.0);
  std::vector<int> twenty;
  for (int i = 20; i >= 1; --i) twenty.push_back(i * 10);
  EXPECT_EQ(Percentile90(twenty), 180.0);
}

// A hand-built year whose figures are known (fiscal quarters of FY2026 and one of FY2025).
StatsInput KnownData() {
  StatsInput in;
  auto report = [&](ReportKind kind, Timestamp received, ReportStatus status, std::optional<Timestamp> decided,
                    std::optional<DeclineReason> reason = std::nullopt) {
    in.reports.push_back({.kind = kind, .received_at = received, .status = status, .decided_at = decided,
                          .decline_reason = reason});
  };
  using enum ReportKind;
  // FY2025 Q4 (2026-03): one software report received, accepted in FY2026 Q1.
  report(kSoftware, Jst(2026, 3, 20), ReportStatus::kAccepted, Jst(2026, 4, 2));
  // FY2026 Q1: three software, two website reports.
  report(kSoftware, Jst(2026, 4, 10), ReportStatus::kAccepted, Jst(2026, 4, 12));
  report(kSoftware, Jst(2026, 5, 10), ReportStatus::kDeclined, Jst(2026, 5, 11), DeclineReason::kStale18Months);
  report(kSoftware, Jst(2026, 6, 29), ReportStatus::kReceived, std::nullopt);
  report(kWebsite, Jst(2026, 4, 20), ReportStatus::kAccepted, Jst(2026, 4, 21));
  report(kWebsite, Jst(2026, 6, 30, 23), ReportStatus::kDeclined, Jst(2026, 7, 1, 9), DeclineReason::kOutOfScope);
  // FY2026 Q2: one software report declined as already public.
  report(kSoftware, Jst(2026, 8, 1), ReportStatus::kDeclined, Jst(2026, 8, 3), DeclineReason::kAlreadyPublic);

  // Cases: three published in FY2026 Q2 (report→pub 100, 60, 140 days; contact→pub 90, 50, none).
  in.cases.push_back({.track = CaseTrack::kProduct, .status = "coordinating", .report_received_at = Jst(2026, 4, 10),
                      .initial_contact = Jst(2026, 4, 20), .published_at = Jst(2026, 7, 19)});
  in.cases.push_back({.track = CaseTrack::kProduct, .status = "coordinating", .report_received_at = Jst(2026, 6, 1),
                      .initial_contact = Jst(2026, 6, 11), .published_at = Jst(2026, 7, 31)});
  in.cases.push_back({.track = CaseTrack::kProduct, .status = "coordinating", .report_received_at = Jst(2026, 3, 20),
                      .published_at = Jst(2026, 8, 7)});
  // One closed without publication in FY2026 Q3, one closed low-impact in Q1.
  in.cases.push_back({.track = CaseTrack::kProduct, .status = "closed_unpublished",
                      .report_received_at = Jst(2026, 4, 1), .closed_at = Jst(2026, 10, 5)});
  in.cases.push_back({.track = CaseTrack::kProduct, .status = "closed_low_impact",
                      .report_received_at = Jst(2026, 4, 1), .closed_at = Jst(2026, 5, 5)});
  // A website case fixed in FY2026 Q2 and closed: it counts as fixed, never as "closed unresolved".
  in.cases.push_back({.track = CaseTrack::kWebsite, .status = "website_closed", .report_received_at = Jst(2026, 4, 20),
                      .closed_at = Jst(2026, 8, 20), .website_fixed_at = Jst(2026, 8, 10)});
  in.unreachable_listed = {Jst(2026, 9, 1), Jst(2026, 9, 2)};
  return in;
}

TEST(Statistics, KnownFiguresPerFiscalQuarter) {
  const Statistics s = ComputeStatistics(KnownData(), QuarterScheme::kFiscalJapan, D(2026, 11, 15));
  ASSERT_EQ(s.quarters.size(), 4u);  // FY2025 Q4 … FY2026 Q3
  EXPECT_EQ(s.quarters[0].label, "FY2025 Q4");
  EXPECT_EQ(s.quarters[3].label, "FY2026 Q3");

  const QuarterStats& q4 = s.quarters[0];
  EXPECT_EQ(q4.received_software, 1);
  EXPECT_EQ(q4.accepted, 0) << "accepted counts in the quarter of the decision";

  const QuarterStats& q1 = s.quarters[1];
  EXPECT_EQ(q1.received_software, 3);
  EXPECT_EQ(q1.received_website, 2) << "23:00 JST on June 30 is still FY2026 Q1";
  EXPECT_EQ(q1.accepted, 3);
  EXPECT_EQ(q1.declined_total, 1);
  EXPECT_EQ(q1.declined.at(DeclineReason::kStale18Months), 1);
  EXPECT_EQ(q1.declined.at(DeclineReason::kOutOfScope), 0);
  EXPECT_EQ(q1.closed_low_impact, 1);
  EXPECT_EQ(q1.advisories_published, 0);
  EXPECT_EQ(q1.report_to_publication.count, 0);
  EXPECT_FALSE(q1.report_to_publication.median.has_value());

  const QuarterStats& q2 = s.quarters[2];
  EXPECT_EQ(q2.received_software, 1);
  EXPECT_EQ(q2.received_website, 0);
  EXPECT_EQ(q2.declined_total, 2);
  EXPECT_EQ(q2.declined.at(DeclineReason::kOutOfScope), 1);
  EXPECT_EQ(q2.declined.at(DeclineReason::kAlreadyPublic), 1);
  EXPECT_EQ(q2.advisories_published, 3);
  EXPECT_EQ(q2.report_to_publication.count, 3);
  EXPECT_EQ(q2.report_to_publication.median, 100.0);  // 100, 60, 140
  EXPECT_EQ(q2.report_to_publication.p90, 140.0);
  EXPECT_EQ(q2.contact_to_publication.count, 2);
  EXPECT_EQ(q2.contact_to_publication.median, 70.0);   // 90 and 50
  EXPECT_EQ(q2.contact_to_publication.p90, 90.0);
  EXPECT_EQ(q2.website_fixed, 1);
  EXPECT_EQ(q2.closed_unresolved, 0);
  EXPECT_EQ(q2.unreachable_listed, 2);

  const QuarterStats& q3 = s.quarters[3];
  EXPECT_EQ(q3.closed_unresolved, 1);

  EXPECT_EQ(s.total.received_software, 5);
  EXPECT_EQ(s.total.received_website, 2);
  EXPECT_EQ(s.total.accepted, 3);
  EXPECT_EQ(s.total.declined_total, 3);
  EXPECT_EQ(s.total.advisories_published, 3);
  EXPECT_EQ(s.total.report_to_publication.median, 100.0);
  EXPECT_EQ(s.total.first_day, D(2026, 1, 1));
  EXPECT_EQ(s.total.last_day, D(2026, 12, 31));
}

TEST(Statistics, CalendarQuartersRegroupTheSameFacts) {
  const Statistics s = ComputeStatistics(KnownData(), QuarterScheme::kCalendar, D(2026, 11, 15));
  ASSERT_EQ(s.quarters.size(), 4u);  // 2026 Q1 … 2026 Q4
  EXPECT_EQ(s.quarters[0].label, "2026 Q1");
  EXPECT_EQ(s.quarters[0].received_software, 1);
  EXPECT_EQ(s.quarters[1].received_software, 3);
  EXPECT_EQ(s.quarters[1].accepted, 3);
  EXPECT_EQ(s.quarters[2].advisories_published, 3);
  EXPECT_EQ(s.quarters[3].closed_unresolved, 1);
  EXPECT_EQ(s.total.received_software + s.total.received_website, 7);
}

TEST(Statistics, FactsAfterTheEndAreLeftOutAndEmptyQuartersShown) {
  const Statistics s = ComputeStatistics(KnownData(), QuarterScheme::kFiscalJapan, D(2026, 7, 31));
  ASSERT_EQ(s.quarters.size(), 3u);  // up to FY2026 Q2, which ends later than July 31
  EXPECT_EQ(s.quarters[2].advisories_published, 2) << "the August publication is after the end";
  EXPECT_EQ(s.quarters[2].declined_total, 1);
  EXPECT_EQ(s.total.unreachable_listed, 0);

  const Statistics empty = ComputeStatistics({}, QuarterScheme::kFiscalJapan, D(2026, 5, 1));
  ASSERT_EQ(empty.quarters.size(), 1u);
  EXPECT_EQ(empty.quarters[0].label, "FY2026 Q1");
  EXPECT_EQ(empty.quarters[0].declined.size(), AllDeclineReasons().size());
}

}  // namespace
}  // namespace cvdhub::domain
