// The Japanese business-day calendar behind the "acknowledge within 5
// business days" rule: weekends, national holidays (国民の祝日 under 祝日法,
// with 振替休日 and 国民の休日) and the Dec 29 – Jan 3 year-end closure are
// not business days. Holidays are computed from the law's rules; one-off
// changes by special law (2019 enthronement, 2020/2021 Olympics) come from
// data/holiday_overrides.tsv, which the caller parses and passes in.
// Pure computation: no wall clock, no I/O.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace cvdhub::domain {

// Years for which national holidays are known. Outside this range only
// weekends and the year-end closure are non-business days.
inline constexpr int kFirstCalendarYear = 1970;
inline constexpr int kLastCalendarYear = 2150;

// Why a day is a holiday. Substitute and citizens' holidays are both named
// "休日", as in the Cabinet Office's syukujitsu.csv.
enum class HolidayKind {
  kNational,    // 国民の祝日 by rule, or a day a special law treats as one
  kSubstitute,  // 振替休日: the day after a Sunday 祝日 (next non-祝日 day)
  kCitizens,    // 国民の休日: a non-祝日 day between two 祝日
  kRestDay,     // any other day off by special law (not treated as a 祝日)
};

// One day off. `name_ja` is spelled as in syukujitsu.csv ("元日", "休日", …).
struct Holiday {
  std::chrono::sys_days date;
  std::string name_ja;
  std::string name_en;
  HolidayKind kind = HolidayKind::kNational;

  friend bool operator==(const Holiday&, const Holiday&) = default;
};

// Takes away the rule-computed date of holiday `name_ja` in `year`
// (e.g. 2020 海の日, which a special law moved).
struct HolidayRemoval {
  int year = 0;
  std::string name_ja;

  friend bool operator==(const HolidayRemoval&, const HolidayRemoval&) = default;
};

// The parsed override file, in file order; additions have kind kNational or
// kRestDay. ParseHolidayOverrides guarantees every removal names a rule
// holiday of that year, every date is unique and inside the supported years,
// and no addition lands on a rule holiday that is not removed.
struct HolidayOverrides {
  std::vector<HolidayRemoval> removals;
  std::vector<Holiday> additions;
};

// Parses the tab-separated override format documented at the top of
// data/holiday_overrides.tsv. Never throws on bad text: returns an
// kInvalidInput Error whose message starts with "line N: ".
Result<HolidayOverrides> ParseHolidayOverrides(std::string_view text);

// The national holidays of `year` from the law's rules alone (no special-law
// overrides, no 振替休日 / 国民の休日), in date order; empty outside
// kFirstCalendarYear..kLastCalendarYear.
std::vector<Holiday> RuleHolidays(int year);

// Immutable after construction; every const method may be called from
// several threads at once. Copies are cheap (the tables are shared).
class BusinessCalendar {
 public:
  // Precomputes all holidays of the supported years. Overrides are applied as
  // given: a removal that matches nothing and an addition outside the
  // supported years are ignored; an addition on a rule holiday's date wins.
  explicit BusinessCalendar(HolidayOverrides overrides = {});

  // All holidays of `year` (祝日 and 休日, not the year-end closure) in date
  // order; empty outside the supported years.
  std::vector<Holiday> Holidays(int year) const;
  // The holiday on `d`, or nullopt.
  std::optional<Holiday> HolidayOn(std::chrono::sys_days d) const;
  // True when `d` is a national holiday, substitute or citizens' holiday, or
  // a special-law day off.
  bool IsHoliday(std::chrono::sys_days d) const;
  // True from Dec 29 through Jan 3 (any year).
  static bool IsYearEndClosure(std::chrono::sys_days d);
  // True for a weekday that is neither a holiday nor in the year-end closure.
  bool IsBusinessDay(std::chrono::sys_days d) const;

  // The date `n` business days after `from` (`from` itself never counts, and
  // need not be a business day); n == 0 returns `from`; n < 0 counts
  // backwards (the |n|-th business day before `from`). Cost is O(|n|) days.
  std::chrono::sys_days AddBusinessDays(std::chrono::sys_days from, int n) const;
  // The number of business days in (from, to]; negative (minus the count in
  // (to, from]) when to < from. For n >= 0,
  // BusinessDaysBetween(f, AddBusinessDays(f, n)) == n. Cost is O(|to - from|).
  int BusinessDaysBetween(std::chrono::sys_days from, std::chrono::sys_days to) const;

 private:
  struct Data;
  std::shared_ptr<const Data> data_;
};

// YYYY-MM-DD (at least four year digits; years before 0001 get a sign).
std::string FormatDate(std::chrono::sys_days d);
// Strict YYYY-MM-DD of a real date in 0001–9999 ("2024-1-01", "2023-02-29",
// trailing text are rejected) as an kInvalidInput Error naming `field`.
Result<std::chrono::sys_days> ParseDate(std::string_view text, std::string_view field = "date");

// The date `months` calendar months after `day`; the day is clamped to the end
// of a shorter month (Nov 30 + 3 months = Feb 28, or 29 in a leap year).
// Used by the ~3-month clocks of the unreachable-developer list and the website track.
std::chrono::sys_days AddMonths(std::chrono::sys_days day, int months);

}  // namespace cvdhub::domain
