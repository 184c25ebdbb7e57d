#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif

namespace cvdhub::domain {
namespace {

using std::chrono::sys_days;

sys_days D(std::string_view text) {
  const Result<sys_days> d = ParseDate(text);
  if (!d.ok()) {
    ADD_FAILURE() << "bad date in test: " << text;
    return sys_days{};
  }
  return *d;
}

std::string ReadOverrideFile() {
  std::ifstream in(std::string(CVDHUB_SOURCE_DIR) + "/data/holiday_overrides.tsv", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The calendar as the application builds it: rules plus the override file.
const BusinessCalendar& Calendar() {
  static const BusinessCalendar calendar = [] {
    const std::string text = ReadOverrideFile();
    Result<HolidayOverrides> overrides = ParseHolidayOverrides(text);
    if (text.empty() || !overrides.ok()) {
      ADD_FAILURE() << "cannot load data/holiday_overrides.tsv: "
                    << (overrides.ok() ? "empty" : overrides.error().message);
      return BusinessCalendar{};
    }
    return BusinessCalendar(std::move(overrides).value());
  }();
  return calendar;
}

using DayList = std::vector<std::pair<std::string, std::string>>;  // (date, name_ja)

DayList AsList(const std::vector<Holiday>& holidays) {
  DayList out;
  for (const Holiday& h : holidays) out.emplace_back(FormatDate(h.date), h.name_ja);
  return out;
}

struct YearCase {
  int year;
  DayList holidays;
};

// syukujitsu.csv as published by the Cabinet Office (2016–2027); 2028–2030
// follow the law's rules with the standard equinox formula.
const std::vector<YearCase>& OfficialLists() {
  static const std::vector<YearCase> kLists = {
      {2016,
       {{"2016-01-01", "元日"}, {"2016-01-11", "成人の日"}, {"2016-02-11", "建国記念の日"},
        {"2016-03-20", "春分の日"}, {"2016-03-21", "休日"}, {"2016-04-29", "昭和の日"},
        {"2016-05-03", "憲法記念日"}, {"2016-05-04", "みどりの日"}, {"2016-05-05", "こどもの日"},
        {"2016-07-18", "海の日"}, {"2016-08-11", "山の日"}, {"2016-09-19", "敬老の日"},
        {"2016-09-22", "秋分の日"}, {"2016-10-10", "体育の日"}, {"2016-11-03", "文化の日"},
        {"2016-11-23", "勤労感謝の日"}, {"2016-12-23", "天皇誕生日"}}},
      {2017,
       {{"2017-01-01", "元日"}, {"2017-01-02", "休日"}, {"2017-01-09", "成人の日"},
        {"2017-02-11", "建国記念の日"}, {"2017-03-20", "春分の日"}, {"2017-04-29", "昭和の日"},
        {"2017-05-03", "憲法記念日"}, {"2017-05-04", "みどりの日"}, {"2017-05-05", "こどもの日"},
        {"2017-07-17", "海の日"}, {"2017-08-11", "山の日"}, {"2017-09-18", "敬老の日"},
        {"2017-09-23", "秋分の日"}, {"2017-10-09", "体育の日"}, {"2017-11-03", "文化の日"},
        {"2017-11-23", "勤労感謝の日"}, {"2017-12-23", "天皇誕生日"}}},
      {2018,
       {{"2018-01-01", "元日"}, {"2018-01-08", "成人の日"}, {"2018-02-11", "建国記念の日"},
        {"2018-02-12", "休日"}, {"2018-03-21", "春分の日"}, {"2018-04-29", "昭和の日"},
        {"2018-04-30", "休日"}, {"2018-05-03", "憲法記念日"}, {"2018-05-04", "みどりの日"},
        {"2018-05-05", "こどもの日"}, {"2018-07-16", "海の日"}, {"2018-08-11", "山の日"},
        {"2018-09-17", "敬老の日"}, {"2018-09-23", "秋分の日"}, {"2018-09-24", "休日"},
        {"2018-10-08", "体育の日"}, {"2018-11-03", "文化の日"}, {"2018-11-23", "勤労感謝の日"},
        {"2018-12-23", "天皇誕生日"}, {"2018-12-24", "休日"}}},
      {2019,
       {{"2019-01-01", "元日"}, {"2019-01-14", "成人の日"}, {"2019-02-11", "建国記念の日"},
        {"2019-03-21", "春分の日"}, {"2019-04-29", "昭和の日"}, {"2019-04-30", "休日"},
        {"2019-05-01", "休日（祝日扱い）"}, {"2019-05-02", "休日"}, {"2019-05-03", "憲法記念日"},
        {"2019-05-04", "みどりの日"}, {"2019-05-05", "こどもの日"}, {"2019-05-06", "休日"},
        {"2019-07-15", "海の日"}, {"2019-08-11", "山の日"}, {"2019-08-12", "休日"},
        {"2019-09-16", "敬老の日"}, {"2019-09-23", "秋分の日"},
        {"2019-10-14", "体育の日（スポーツの日）"}, {"2019-10-22", "休日（祝日扱い）"},
        {"2019-11-03", "文化の日"}, {"2019-11-04", "休日"}, {"2019-11-23", "勤労感謝の日"}}},
      {2020,
       {{"2020-01-01", "元日"}, {"2020-01-13", "成人の日"}, {"2020-02-11", "建国記念の日"},
        {"2020-02-23", "天皇誕生日"}, {"2020-02-24", "休日"}, {"2020-03-20", "春分の日"},
        {"2020-04-29", "昭和の日"}, {"2020-05-03", "憲法記念日"}, {"2020-05-04", "みどりの日"},
        {"2020-05-05", "こどもの日"}, {"2020-05-06", "休日"}, {"2020-07-23", "海の日"},
        {"2020-07-24", "スポーツの日"}, {"2020-08-10", "山の日"}, {"2020-09-21", "敬老の日"},
        {"2020-09-22", "秋分の日"}, {"2020-11-03", "文化の日"}, {"2020-11-23", "勤労感謝の日"}}},
      {2021,
       {{"2021-01-01", "元日"}, {"2021-01-11", "成人の日"}, {"2021-02-11", "建国記念の日"},
        {"2021-02-23", "天皇誕生日"}, {"2021-03-20", "春分の日"}, {"2021-04-29", "昭和の日"},
        {"2021-05-03", "憲法記念日"}, {"2021-05-04", "みどりの日"}, {"2021-05-05", "こどもの日"},
        {"2021-07-22", "海の日"}, {"2021-07-23", "スポーツの日"}, {"2021-08-08", "山の日"},
        {"2021-08-09", "休日"}, {"2021-09-20", "敬老の日"}, {"2021-09-23", "秋分の日"},
        {"2021-11-03", "文化の日"}, {"2021-11-23", "勤労感謝の日"}}},
      {2022,
       {{"2022-01-01", "元日"}, {"2022-01-10", "成人の日"}, {"2022-02-11", "建国記念の日"},
        {"2022-02-23", "天皇誕生日"}, {"2022-03-21", "春分の日"}, {"2022-04-29", "昭和の日"},
        {"2022-05-03", "憲法記念日"}, {"2022-05-04", "みどりの日"}, {"2022-05-05", "こどもの日"},
        {"2022-07-18", "海の日"}, {"2022-08-11", "山の日"}, {"2022-09-19", "敬老の日"},
        {"2022-09-23", "秋分の日"}, {"2022-10-10", "スポーツの日"}, {"2022-11-03", "文化の日"},
        {"2022-11-23", "勤労感謝の日"}}},
      {2023,
       {{"2023-01-01", "元日"}, {"2023-01-02", "休日"}, {"2023-01-09", "成人の日"},
        {"2023-02-11", "建国記念の日"}, {"2023-02-23", "天皇誕生日"}, {"2023-03-21", "春分の日"},
        {"2023-04-29", "昭和の日"}, {"2023-05-03", "憲法記念日"}, {"2023-05-04", "みどりの日"},
        {"2023-05-05", "こどもの日"}, {"2023-07-17", "海の日"}, {"2023-08-11", "山の日"},
        {"2023-09-18", "敬老の日"}, {"2023-09-23", "秋分の日"}, {"2023-10-09", "スポーツの日"},
        {"2023-11-03", "文化の日"}, {"2023-11-23", "勤労感謝の日"}}},
      {2024,
       {{"2024-01-01", "元日"}, {"2024-01-08", "成人の日"}, {"2024-02-11", "建国記念の日"},
        {"2024-02-12", "休日"}, {"2024-02-23", "天皇誕生日"}, {"2024-03-20", "春分の日"},
        {"2024-04-29", "昭和の日"}, {"2024-05-03", "憲法記念日"}, {"2024-05-04", "みどりの日"},
        {"2024-05-05", "こどもの日"}, {"2024-05-06", "休日"}, {"2024-07-15", "海の日"},
        {"2024-08-11", "山の日"}, {"2024-08-12", "休日"}, {"2024-09-16", "敬老の日"},
        {"2024-09-22", "秋分の日"}, {"2024-09-23", "休日"}, {"2024-10-14", "スポーツの日"},
        {"2024-11-03", "文化の日"}, {"2024-11-04", "休日"}, {"2024-11-23", "勤労感謝の日"}}},
      {2025,
       {{"2025-01-01", "元日"}, {"2025-01-13", "成人の日"}, {"2025-02-11", "建国記念の日"},
        {"2025-02-23", "天皇誕生日"}, {"2025-02-24", "休日"}, {"2025-03-20", "春分の日"},
        {"2025-04-29", "昭和の日"}, {"2025-05-03", "憲法記念日"}, {"2025-05-04", "みどりの日"},
        {"2025-05-05", "こどもの日"}, {"2025-05-06", "休日"}, {"2025-07-21", "海の日"},
        {"2025-08-11", "山の日"}, {"2025-09-15", "敬老の日"}, {"2025-09-23", "秋分の日"},
        {"2025-10-13", "スポーツの日"}, {"2025-11-03", "文化の日"}, {"2025-11-23", "勤労感謝の日"},
        {"2025-11-24", "休日"}}},
      {2026,
       {{"2026-01-01", "元日"}, {"2026-01-12", "成人の日"}, {"2026-02-11", "建国記念の日"},
        {"2026-02-23", "天皇誕生日"}, {"2026-03-20", "春分の日"}, {"2026-04-29", "昭和の日"},
        {"2026-05-03", "憲法記念日"}, {"2026-05-04", "みどりの日"}, {"2026-05-05", "こどもの日"},
        {"2026-05-06", "休日"}, {"2026-07-20", "海の日"}, {"2026-08-11", "山の日"},
        {"2026-09-21", "敬老の日"}, {"2026-09-22", "休日"}, {"2026-09-23", "秋分の日"},
        {"2026-10-12", "スポーツの日"}, {"2026-11-03", "文化の日"}, {"2026-11-23", "勤労感謝の日"}}},
      {2027,
       {{"2027-01-01", "元日"}, {"2027-01-11", "成人の日"}, {"2027-02-11", "建国記念の日"},
        {"2027-02-23", "天皇誕生日"}, {"2027-03-21", "春分の日"}, {"2027-03-22", "休日"},
        {"2027-04-29", "昭和の日"}, {"2027-05-03", "憲法記念日"}, {"2027-05-04", "みどりの日"},
        {"2027-05-05", "こどもの日"}, {"2027-07-19", "海の日"}, {"2027-08-11", "山の日"},
        {"2027-09-20", "敬老の日"}, {"2027-09-23", "秋分の日"}, {"2027-10-11", "スポーツの日"},
        {"2027-11-03", "文化の日"}, {"2027-11-23", "勤労感謝の日"}}},
      {2028,
       {{"2028-01-01", "元日"}, {"2028-01-10", "成人の日"}, {"2028-02-11", "建国記念の日"},
        {"2028-02-23", "天皇誕生日"}, {"2028-03-20", "春分の日"}, {"2028-04-29", "昭和の日"},
        {"2028-05-03", "憲法記念日"}, {"2028-05-04", "みどりの日"}, {"2028-05-05", "こどもの日"},
        {"2028-07-17", "海の日"}, {"2028-08-11", "山の日"}, {"2028-09-18", "敬老の日"},
        {"2028-09-22", "秋分の日"}, {"2028-10-09", "スポーツの日"}, {"2028-11-03", "文化の日"},
        {"2028-11-23", "勤労感謝の日"}}},
      {2029,
       {{"2029-01-01", "元日"}, {"2029-01-08", "成人の日"}, {"2029-02-11", "建国記念の日"},
        {"2029-02-12", "休日"}, {"2029-02-23", "天皇誕生日"}, {"2029-03-20", "春分の日"},
        {"2029-04-29", "昭和の日"}, {"2029-04-30", "休日"}, {"2029-05-03", "憲法記念日"},
        {"2029-05-04", "みどりの日"}, {"2029-05-05", "こどもの日"}, {"2029-07-16", "海の日"},
        {"2029-08-11", "山の日"}, {"2029-09-17", "敬老の日"}, {"2029-09-23", "秋分の日"},
        {"2029-09-24", "休日"}, {"2029-10-08", "スポーツの日"}, {"2029-11-03", "文化の日"},
        {"2029-11-23", "勤労感謝の日"}}},
      {2030,
       {{"2030-01-01", "元日"}, {"2030-01-14", "成人の日"}, {"2030-02-11", "建国記念の日"},
        {"2030-02-23", "天皇誕生日"}, {"2030-03-20", "春分の日"}, {"2030-04-29", "昭和の日"},
        {"2030-05-03", "憲法記念日"}, {"2030-05-04", "みどりの日"}, {"2030-05-05", "こどもの日"},
        {"2030-05-06", "休日"}, {"2030-07-15", "海の日"}, {"2030-08-11", "山の日"},
        {"2030-08-12", "休日"}, {"2030-09-16", "敬老の日"}, {"2030-09-23", "秋分の日"},
        {"2030-10-14", "スポーツの日"}, {"2030-11-03", "文化の日"}, {"2030-11-04", "休日"},
        {"2030-11-23", "勤労感謝の日"}}},
  };
  return kLists;
}

TEST(CalendarHolidaysTest, MatchesOfficialListEveryYear2016To2030) {
  int covered_2020_to_2030 = 0;
  for (const YearCase& c : OfficialLists()) {
    SCOPED_TRACE(c.year);
    EXPECT_EQ(AsList(Calendar().Holidays(c.year)), c.holidays);
    if (c.year >= 2020 && c.year <= 2030) ++covered_2020_to_2030;
  }
  EXPECT_EQ(covered_2020_to_2030, 11);
}

TEST(CalendarHolidaysTest, HolidaysAgreeWithIsHolidayAndHolidayOn) {
  for (const YearCase& c : OfficialLists()) {
    for (sys_days d = D(std::to_string(c.year) + "-01-01"); d <= D(std::to_string(c.year) + "-12-31");
         d += std::chrono::days{1}) {
      const std::string text = FormatDate(d);
      bool listed = false;
      for (const auto& [date, name] : c.holidays) listed = listed || date == text;
      EXPECT_EQ(Calendar().IsHoliday(d), listed) << text;
      EXPECT_EQ(Calendar().HolidayOn(d).has_value(), listed) << text;
    }
  }
}

TEST(CalendarHolidaysTest, EquinoxesFollowTheFormula) {
  struct Case {
    int year;
    const char* vernal;
    const char* autumnal;
  };
  const Case kCases[] = {
      {2000, "2000-03-20", "2000-09-23"}, {2012, "2012-03-20", "2012-09-22"},
      {2023, "2023-03-21", "2023-09-23"}, {2024, "2024-03-20", "2024-09-22"},
      {2025, "2025-03-20", "2025-09-23"}, {2026, "2026-03-20", "2026-09-23"},
      {2027, "2027-03-21", "2027-09-23"}, {2030, "2030-03-20", "2030-09-23"},
      {2044, "2044-03-20", "2044-09-22"}, {2092, "2092-03-19", "2092-09-22"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.year);
    std::string vernal;
    std::string autumnal;
    for (const Holiday& h : RuleHolidays(c.year)) {
      if (h.name_ja == "春分の日") vernal = FormatDate(h.date);
      if (h.name_ja == "秋分の日") autumnal = FormatDate(h.date);
    }
    EXPECT_EQ(vernal, c.vernal);
    EXPECT_EQ(autumnal, c.autumnal);
  }
}

TEST(CalendarHolidaysTest, KindsAndEnglishNames) {
  struct Case {
    const char* date;
    const char* name_ja;
    const char* name_en;
    HolidayKind kind;
  };
  const Case kCases[] = {
      {"2024-01-01", "元日", "New Year's Day", HolidayKind::kNational},
      {"2024-09-23", "休日", "Substitute Holiday", HolidayKind::kSubstitute},
      {"2026-09-22", "休日", "Citizens' Holiday", HolidayKind::kCitizens},
      {"2021-08-09", "休日", "Substitute Holiday", HolidayKind::kSubstitute},
      {"2019-05-01", "休日（祝日扱い）", "Enthronement Day", HolidayKind::kNational},
      {"2019-04-30", "休日", "Citizens' Holiday", HolidayKind::kRestDay},
      {"2018-10-08", "体育の日", "Health and Sports Day", HolidayKind::kNational},
      {"2025-10-13", "スポーツの日", "Sports Day", HolidayKind::kNational},
      {"2025-09-15", "敬老の日", "Respect for the Aged Day", HolidayKind::kNational},
      {"2025-11-23", "勤労感謝の日", "Labor Thanksgiving Day", HolidayKind::kNational},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.date);
    const std::optional<Holiday> h = Calendar().HolidayOn(D(c.date));
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->name_ja, c.name_ja);
    EXPECT_EQ(h->name_en, c.name_en);
    EXPECT_EQ(h->kind, c.kind);
  }
}

TEST(CalendarHolidaysTest, HistoricalRules) {
  const std::pair<const char*, const char*> kHolidays[] = {
      {"1973-04-30", "休日"},            // first 振替休日 (Apr 29 was a Sunday)
      {"1988-05-04", "休日"},            // first 国民の休日
      {"1989-02-24", "大喪の礼"},        // special law, from the override file
      {"1989-04-29", "みどりの日"},
      {"1989-12-23", "天皇誕生日"},
      {"1990-11-12", "即位礼正殿の儀"},
      {"1993-06-09", "結婚の儀"},
      {"1996-07-20", "海の日"},
      {"1999-10-11", "休日"},            // 体育の日 Oct 10 on a Sunday
      {"2000-01-10", "成人の日"},        // first Happy Monday year
      {"2006-05-04", "休日"},            // 国民の休日 before みどりの日 moved
      {"2008-05-06", "休日"},            // 2007 rule: next non-祝日 day
      {"2009-09-22", "休日"},            // first silver-week 国民の休日
      {"2015-09-22", "休日"},
  };
  for (const auto& [date, name] : kHolidays) {
    SCOPED_TRACE(date);
    const std::optional<Holiday> h = Calendar().HolidayOn(D(date));
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->name_ja, name);
  }
  for (const char* date : {"1972-01-16", "1985-05-04", "1996-07-21", "2000-01-15", "2019-12-23",
                           "2019-02-23", "2020-07-20", "2020-10-12", "2021-08-11", "2016-08-12"}) {
    EXPECT_FALSE(Calendar().IsHoliday(D(date))) << date;
  }
}

TEST(CalendarHolidaysTest, OverridesOnlyComeFromTheCaller) {
  const BusinessCalendar rules_only;
  EXPECT_TRUE(rules_only.IsHoliday(D("2020-07-20")));   // 海の日 by rule
  EXPECT_FALSE(rules_only.IsHoliday(D("2020-07-23")));
  EXPECT_FALSE(rules_only.IsHoliday(D("2019-05-01")));
}

TEST(CalendarHolidaysTest, EnthronementDayMakesCitizensHolidaysByRule) {
  const Result<HolidayOverrides> overrides =
      ParseHolidayOverrides("add\t2019-05-01\t休日（祝日扱い）\tEnthronement Day\tnational\n");
  ASSERT_TRUE(overrides.ok()) << overrides.error().message;
  const BusinessCalendar calendar(*overrides);
  for (const char* date : {"2019-04-30", "2019-05-02"}) {
    const std::optional<Holiday> h = calendar.HolidayOn(D(date));
    ASSERT_TRUE(h.has_value()) << date;
    EXPECT_EQ(h->name_ja, "休日");
    EXPECT_EQ(h->kind, HolidayKind::kCitizens);
  }
  // A "rest" day is no 祝日: it makes no 国民の休日 around it.
  const Result<HolidayOverrides> rest =
      ParseHolidayOverrides("add\t2019-05-01\t休日\tRest Day\trest\n");
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_FALSE(BusinessCalendar(*rest).IsHoliday(D("2019-04-30")));
}

TEST(CalendarHolidaysTest, OutsideSupportedYears) {
  EXPECT_TRUE(Calendar().Holidays(kFirstCalendarYear - 1).empty());
  EXPECT_TRUE(Calendar().Holidays(kLastCalendarYear + 1).empty());
  EXPECT_FALSE(Calendar().Holidays(kFirstCalendarYear).empty());
  EXPECT_FALSE(Calendar().Holidays(kLastCalendarYear).empty());
  EXPECT_FALSE(Calendar().IsHoliday(D("2200-01-01")));
  EXPECT_FALSE(Calendar().IsBusinessDay(D("2200-01-01")));  // closure still applies
  EXPECT_TRUE(Calendar().IsBusinessDay(D("2200-02-11")));   // no holiday data
}

TEST(CalendarBusinessDayTest, YearEndClosure) {
  const std::pair<const char*, bool> kCases[] = {
      {"2024-12-28", false}, {"2024-12-29", true}, {"2024-12-30", true}, {"2024-12-31", true},
      {"2025-01-01", true},  {"2025-01-02", true}, {"2025-01-03", true}, {"2025-01-04", false},
      {"2025-06-30", false},
  };
  for (const auto& [date, closed] : kCases) {
    EXPECT_EQ(BusinessCalendar::IsYearEndClosure(D(date)), closed) << date;
  }
  EXPECT_TRUE(Calendar().IsBusinessDay(D("2024-12-27")));   // Friday
  EXPECT_FALSE(Calendar().IsBusinessDay(D("2024-12-30")));  // Monday, closed
  EXPECT_FALSE(Calendar().IsBusinessDay(D("2025-01-02")));  // Thursday, closed
  EXPECT_TRUE(Calendar().IsBusinessDay(D("2025-01-06")));   // Monday
  EXPECT_FALSE(Calendar().IsHoliday(D("2024-12-30")));      // closure is not a holiday
}

TEST(CalendarBusinessDayTest, AddBusinessDays) {
  struct Case {
    const char* from;
    int n;
    const char* expected;
  };
  const Case kCases[] = {
      {"2025-04-25", 5, "2025-05-07"},   // Golden Week 2025, from a Friday
      {"2026-04-30", 5, "2026-05-12"},   // Golden Week 2026 with 振替休日 May 6
      {"2019-04-26", 1, "2019-05-07"},   // ten-day Golden Week 2019
      {"2024-12-26", 5, "2025-01-09"},   // across New Year
      {"2025-12-26", 5, "2026-01-09"},   // across New Year from a Friday
      {"2025-12-26", 6, "2026-01-13"},   // ... and over 成人の日 Jan 12
      {"2024-06-07", 1, "2024-06-10"},   // Friday -> Monday
      {"2024-06-07", 5, "2024-06-14"},
      {"2024-06-09", 1, "2024-06-10"},   // from a Sunday
      {"2024-06-09", 5, "2024-06-14"},
      {"2024-06-09", 0, "2024-06-09"},   // n == 0 returns from, business day or not
      {"2026-09-18", 1, "2026-09-24"},   // silver week 2026
      {"2021-07-21", 1, "2021-07-26"},   // Olympic holidays 2021
      {"2020-07-22", 1, "2020-07-27"},   // Olympic holidays 2020
      {"2024-02-09", 1, "2024-02-13"},   // 振替休日 Feb 12
      {"2025-05-07", -5, "2025-04-25"},  // backwards
      {"2025-01-06", -1, "2024-12-27"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(FormatDate(Calendar().AddBusinessDays(D(c.from), c.n)), c.expected)
        << c.from << " + " << c.n;
  }
}

TEST(CalendarBusinessDayTest, BusinessDaysBetween) {
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2025-04-25"), D("2025-05-07")), 5);
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2025-05-07"), D("2025-04-25")), -5);
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2025-05-03"), D("2025-05-06")), 0);
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2025-05-07"), D("2025-05-07")), 0);
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2024-12-27"), D("2025-01-06")), 1);
  // 2025: 365 days - 104 weekend days - 20 weekdays off (15 holidays and 6
  // closure days, with Jan 1 in both).
  EXPECT_EQ(Calendar().BusinessDaysBetween(D("2024-12-31"), D("2025-12-31")), 241);
}

TEST(CalendarBusinessDayTest, AddAndBetweenAreInverse) {
  for (sys_days from = D("2018-12-20"); from <= D("2031-01-10"); from += std::chrono::days{3}) {
    for (int n = -12; n <= 12; ++n) {
      const sys_days to = Calendar().AddBusinessDays(from, n);
      if (n >= 0) {
        ASSERT_EQ(Calendar().BusinessDaysBetween(from, to), n) << FormatDate(from) << " " << n;
      } else {  // |n| business days in [to, from)
        const std::chrono::days one{1};
        ASSERT_EQ(Calendar().BusinessDaysBetween(to - one, from - one), -n)
            << FormatDate(from) << " " << n;
      }
      if (n != 0) {
        ASSERT_TRUE(Calendar().IsBusinessDay(to)) << FormatDate(to);
      }
    }
  }
}

TEST(CalendarBusinessDayTest, ConstMethodsAreThreadSafeAndCopiesShare) {
  const BusinessCalendar copy = Calendar();
  std::vector<std::thread> threads;
  std::vector<int> results(8, 0);
  for (std::size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&copy, &results, t] {
      int sum = 0;
      for (int i = 0; i < 200; ++i) {
        sum += copy.BusinessDaysBetween(D("2025-04-25"),
                                        copy.AddBusinessDays(D("2025-04-25"), 5 + i % 3));
      }
      results[t] = sum;
    });
  }
  for (std::thread& th : threads) th.join();
  for (int r : results) EXPECT_EQ(r, 200 * 5 + (67 * 1 + 66 * 2));
  EXPECT_EQ(copy.Holidays(2026), Calendar().Holidays(2026));
}

TEST(HolidayOverridesParseTest, TheDataFileParses) {
  const Result<HolidayOverrides> overrides = ParseHolidayOverrides(ReadOverrideFile());
  ASSERT_TRUE(overrides.ok()) << overrides.error().message;
  EXPECT_EQ(overrides->removals.size(), 7u);
  EXPECT_EQ(overrides->additions.size(), 14u);
}

TEST(HolidayOverridesParseTest, AcceptsCommentsCrlfBomAndTabRuns) {
  const Result<HolidayOverrides> overrides = ParseHolidayOverrides(
      "\xEF\xBB\xBF# header\r\n"
      "\r\n"
      "  # indented comment\n"
      "remove\t\t2020\t海の日\r\n"
      "add\t2020-07-23\t\t海の日\tMarine Day\t# trailing comment\n"
      "add\t2020-07-22\tX Day\tAn Extra Day\trest");
  ASSERT_TRUE(overrides.ok()) << overrides.error().message;
  ASSERT_EQ(overrides->removals.size(), 1u);
  EXPECT_EQ(overrides->removals[0], (HolidayRemoval{2020, "海の日"}));
  ASSERT_EQ(overrides->additions.size(), 2u);
  EXPECT_EQ(overrides->additions[0],
            (Holiday{D("2020-07-23"), "海の日", "Marine Day", HolidayKind::kNational}));
  EXPECT_EQ(overrides->additions[1],
            (Holiday{D("2020-07-22"), "X Day", "An Extra Day", HolidayKind::kRestDay}));
  EXPECT_TRUE(ParseHolidayOverrides("").ok());
}

TEST(HolidayOverridesParseTest, ErrorsNameTheLine) {
  struct Case {
    std::string text;
    std::string message_prefix;
  };
  const Case kCases[] = {
      {"frobnicate\t2020\n", "line 1: unknown action"},
      {"# c\n\nremove\t2020\t海の日x\n", "line 3: remove: the rules give no holiday"},
      {"remove\t2010\tスポーツの日\n", "line 1: remove: the rules give no holiday"},
      {"remove\t20x0\t海の日\n", "line 1: remove: year must be four digits"},
      {"remove\t1969\t元日\n", "line 1: remove: year 1969 is outside"},
      {"remove\t2020\n", "line 1: remove takes 2 fields"},
      {"remove\t2020\t海の日\nremove\t2020\t海の日\n", "line 2: remove: duplicate of line 1"},
      {"#\nadd\t2023-02-29\tA\tB\n", "line 2: add: date must be a real date"},
      {"add\t2020-7-23\tA\tB\n", "line 1: add: date must be a real date"},
      {"add\t2020-07-23\tA\n", "line 1: add takes 3 or 4 fields"},
      {"add\t2020-07-23\tA\tB\tholiday\n", "line 1: add: kind must be national or rest"},
      {"add\t2020-07-22\tA\tB\textra\tfield\n", "line 1: add takes 3 or 4 fields"},
      {"add\t2020-07-22\t\xff\xfe\tB\n", "line 1: add: NAME_JA must be UTF-8"},
      {"add\t2020-07-22\tA\tB\x01\n", "line 1: add: NAME_EN must be UTF-8"},
      {"add\t2020-07-22\tA\t" + std::string(101, 'x') + "\n", "line 1: add: NAME_EN must be"},
      {"add\t2020-07-22\tA\tB\nadd\t2020-07-22\tC\tD\n", "line 2: add: 2020-07-22 is already added on line 1"},
      {"add\t2200-07-22\tA\tB\n", "line 1: add: year 2200 is outside"},
      {"\n\nadd\t2020-07-20\t海の日\tMarine Day\n", "line 3: add: 2020-07-20 is already 海の日 by rule"},
      {"add 2020-07-23 海の日 Marine Day\n", "line 1: fields must be separated by tabs"},
      {"remove\t2020\t海の日\r\n\tadd\n", "line 2: add takes 3 or 4 fields"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.text);
    const Result<HolidayOverrides> overrides = ParseHolidayOverrides(c.text);
    ASSERT_FALSE(overrides.ok());
    EXPECT_EQ(overrides.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(overrides.error().field, "holiday_overrides");
    EXPECT_EQ(overrides.error().message.substr(0, c.message_prefix.size()), c.message_prefix)
        << overrides.error().message;
  }
}

TEST(HolidayOverridesParseTest, NeverCrashesOnMangledText) {
  const std::string file = ReadOverrideFile();
  ASSERT_FALSE(file.empty());
  int ok = 0;
  for (std::size_t cut = 0; cut <= file.size(); cut += 7) {
    std::string text = file.substr(0, cut);
    if (ParseHolidayOverrides(text).ok()) ++ok;
    // Flip a byte in the middle, too.
    if (!text.empty()) {
      text[text.size() / 2] = static_cast<char>(text[text.size() / 2] ^ 0x5a);
      (void)ParseHolidayOverrides(text).ok();
    }
  }
  EXPECT_GT(ok, 0);
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise.push_back(static_cast<char>((i * 7919 + 13) % 256));
  EXPECT_FALSE(ParseHolidayOverrides(noise).ok());
}

TEST(CalendarDateTest, ParseDateIsStrict) {
  const char* const kBad[] = {"2023-02-29", "2024-1-01", "garbage",     "",           "2024-01-01x",
                              " 2024-01-01", "2024/01/01", "2024-13-01", "2024-00-10", "2024-04-31",
                              "0000-01-01", "+024-01-01", "2024-01-1 ", "２０２４-01-01"};
  for (const char* text : kBad) {
    const Result<sys_days> d = ParseDate(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(d.error().field, "date");
  }
  EXPECT_EQ(ParseDate("x", "due").error().field, "due");
  for (const char* text : {"2024-02-29", "2024-01-01", "2000-02-29", "0001-01-01", "9999-12-31"}) {
    const Result<sys_days> d = ParseDate(text);
    ASSERT_TRUE(d.ok()) << text;
    EXPECT_EQ(FormatDate(*d), text);
  }
  EXPECT_EQ(*ParseDate("2024-03-01") - *ParseDate("2024-02-28"), std::chrono::days{2});
}

TEST(CalendarDateTest, FormatDate) {
  using std::chrono::year;
  EXPECT_EQ(FormatDate(sys_days{year{2024} / 5 / 6}), "2024-05-06");
  EXPECT_EQ(FormatDate(sys_days{year{987} / 1 / 2}), "0987-01-02");
  EXPECT_EQ(FormatDate(sys_days{}), "1970-01-01");
}

}  // namespace
}  // namespace cvdhub::domain
