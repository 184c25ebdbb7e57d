#include "domain/calendar.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <utility>

namespace cvdhub::domain {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::weekday;
using std::chrono::year_month_day;

struct Name {
  std::string_view ja;
  std::string_view en;
};

constexpr Name kNewYearsDay{"元日", "New Year's Day"};
constexpr Name kComingOfAgeDay{"成人の日", "Coming of Age Day"};
constexpr Name kFoundationDay{"建国記念の日", "National Foundation Day"};
constexpr Name kEmperorsBirthday{"天皇誕生日", "Emperor's Birthday"};
constexpr Name kVernalEquinoxDay{"春分の日", "Vernal Equinox Day"};
constexpr Name kShowaDay{"昭和の日", "Showa Day"};
constexpr Name kConstitutionDay{"憲法記念日", "Constitution Memorial Day"};
constexpr Name kGreeneryDay{"みどりの日", "Greenery Day"};
constexpr Name kChildrensDay{"こどもの日", "Children's Day"};
constexpr Name kMarineDay{"海の日", "Marine Day"};
constexpr Name kMountainDay{"山の日", "Mountain Day"};
constexpr Name kRespectForAgedDay{"敬老の日", "Respect for the Aged Day"};
constexpr Name kAutumnalEquinoxDay{"秋分の日", "Autumnal Equinox Day"};
constexpr Name kHealthSportsDay{"体育の日", "Health and Sports Day"};
constexpr Name kSportsDay{"スポーツの日", "Sports Day"};
constexpr Name kCultureDay{"文化の日", "Culture Day"};
constexpr Name kLaborThanksgivingDay{"勤労感謝の日", "Labor Thanksgiving Day"};
constexpr Name kSubstituteHoliday{"休日", "Substitute Holiday"};
constexpr Name kCitizensHoliday{"休日", "Citizens' Holiday"};

// 振替休日 exists for Sunday holidays from 1973-04-12; 国民の休日 from
// 1985-12-27; both were widened on 2007-01-01.
constexpr sys_days kSubstituteStart = std::chrono::year{1973} / 4 / 12;
constexpr sys_days kCitizensStart = std::chrono::year{1985} / 12 / 27;
constexpr sys_days kRevision2007 = std::chrono::year{2007} / 1 / 1;

constexpr std::size_t kMaxNameBytes = 100;

sys_days Date(int y, unsigned m, unsigned d) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// The nth Monday of month m.
sys_days NthMonday(int y, unsigned m, unsigned n) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} /
                  std::chrono::weekday_indexed{std::chrono::Monday, n}};
}

int YearOf(sys_days d) { return static_cast<int>(year_month_day{d}.year()); }

// Day of March (vernal) or September (autumnal) of the equinox, by the
// formula the Cabinet Office's announcements follow.
int EquinoxDay(int y, bool vernal) {
  double base = 0;
  int leap = 0;
  if (y < 1980) {
    base = vernal ? 20.8357 : 23.2588;
    leap = (y - 1983) / 4;  // truncates toward zero, as the formula's int()
  } else if (y < 2100) {
    base = vernal ? 20.8431 : 23.2488;
    leap = (y - 1980) / 4;
  } else {
    base = vernal ? 21.8510 : 24.2488;
    leap = (y - 1980) / 4;
  }
  return static_cast<int>(std::floor(base + 0.242194 * (y - 1980) - leap));
}

Holiday Make(sys_days d, const Name& name, HolidayKind kind = HolidayKind::kNational) {
  return Holiday{d, std::string(name.ja), std::string(name.en), kind};
}

bool IsDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Well-formed UTF-8 without control characters.
bool IsCleanUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f)) {
      return false;
    }
    i += len;
  }
  return true;
}

// `s` quoted for an error message: control bytes masked, at most ~40 bytes.
std::string Quote(std::string_view s) {
  constexpr std::size_t kMax = 40;
  std::string out = "\"";
  std::size_t n = s.size();
  bool cut = false;
  if (n > kMax) {
    n = kMax;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
    cut = true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.push_back(c < 0x20 || c == 0x7f ? '?' : s[i]);
  }
  if (cut) out += "…";
  out.push_back('"');
  return out;
}

Error LineError(int line, const std::string& message) {
  return Error::Invalid("holiday_overrides", "line " + std::to_string(line) + ": " + message);
}

bool InCalendarRange(int y) { return y >= kFirstCalendarYear && y <= kLastCalendarYear; }

}  // namespace

std::vector<Holiday> RuleHolidays(int y) {
  std::vector<Holiday> out;
  if (!InCalendarRange(y)) return out;
  out.push_back(Make(Date(y, 1, 1), kNewYearsDay));
  out.push_back(Make(y >= 2000 ? NthMonday(y, 1, 2) : Date(y, 1, 15), kComingOfAgeDay));
  out.push_back(Make(Date(y, 2, 11), kFoundationDay));
  if (y >= 2020) out.push_back(Make(Date(y, 2, 23), kEmperorsBirthday));
  out.push_back(Make(Date(y, 3, static_cast<unsigned>(EquinoxDay(y, true))), kVernalEquinoxDay));
  if (y <= 1988) {
    out.push_back(Make(Date(y, 4, 29), kEmperorsBirthday));
  } else {
    out.push_back(Make(Date(y, 4, 29), y <= 2006 ? kGreeneryDay : kShowaDay));
  }
  out.push_back(Make(Date(y, 5, 3), kConstitutionDay));
  if (y >= 2007) out.push_back(Make(Date(y, 5, 4), kGreeneryDay));
  out.push_back(Make(Date(y, 5, 5), kChildrensDay));
  if (y >= 2003) {
    out.push_back(Make(NthMonday(y, 7, 3), kMarineDay));
  } else if (y >= 1996) {
    out.push_back(Make(Date(y, 7, 20), kMarineDay));
  }
  if (y >= 2016) out.push_back(Make(Date(y, 8, 11), kMountainDay));
  out.push_back(Make(y >= 2003 ? NthMonday(y, 9, 3) : Date(y, 9, 15), kRespectForAgedDay));
  out.push_back(Make(Date(y, 9, static_cast<unsigned>(EquinoxDay(y, false))), kAutumnalEquinoxDay));
  if (y >= 2020) {
    out.push_back(Make(NthMonday(y, 10, 2), kSportsDay));
  } else {
    out.push_back(Make(y >= 2000 ? NthMonday(y, 10, 2) : Date(y, 10, 10), kHealthSportsDay));
  }
  out.push_back(Make(Date(y, 11, 3), kCultureDay));
  out.push_back(Make(Date(y, 11, 23), kLaborThanksgivingDay));
  if (y >= 1989 && y <= 2018) out.push_back(Make(Date(y, 12, 23), kEmperorsBirthday));
  std::sort(out.begin(), out.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return out;
}

Result<HolidayOverrides> ParseHolidayOverrides(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  HolidayOverrides out;
  std::vector<int> removal_lines;
  std::vector<int> addition_lines;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;

    // Fields are separated by one or more tabs; a field starting with '#'
    // begins a comment that runs to the end of the line.
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i <= line.size()) {
      std::size_t j = line.find('\t', i);
      if (j == std::string_view::npos) j = line.size();
      const std::string_view field = Trim(line.substr(i, j - i));
      if (!field.empty()) {
        if (field.front() == '#') break;
        fields.push_back(field);
      }
      i = j + 1;
    }
    if (fields.empty()) continue;

    const std::string_view action = fields[0];
    if (action == "remove") {
      if (fields.size() != 3) {
        return LineError(line_no, "remove takes 2 fields (YEAR, NAME_JA), got " +
                                      std::to_string(fields.size() - 1));
      }
      if (fields[1].size() != 4 || !IsDigits(fields[1])) {
        return LineError(line_no, "remove: year must be four digits, got " + Quote(fields[1]));
      }
      const int year = ToInt(fields[1]);
      if (!InCalendarRange(year)) {
        return LineError(line_no, "remove: year " + std::to_string(year) + " is outside " +
                                      std::to_string(kFirstCalendarYear) + "–" +
                                      std::to_string(kLastCalendarYear));
      }
      const std::vector<Holiday> rules = RuleHolidays(year);
      const bool known = std::any_of(rules.begin(), rules.end(), [&](const Holiday& h) {
        return h.name_ja == fields[2];
      });
      if (!known) {
        return LineError(line_no, "remove: the rules give no holiday named " + Quote(fields[2]) +
                                      " in " + std::to_string(year));
      }
      HolidayRemoval removal{year, std::string(fields[2])};
      for (std::size_t k = 0; k < out.removals.size(); ++k) {
        if (out.removals[k] == removal) {
          return LineError(line_no, "remove: duplicate of line " + std::to_string(removal_lines[k]));
        }
      }
      out.removals.push_back(std::move(removal));
      removal_lines.push_back(line_no);
    } else if (action == "add") {
      if (fields.size() != 4 && fields.size() != 5) {
        return LineError(line_no, "add takes 3 or 4 fields (DATE, NAME_JA, NAME_EN[, KIND]), got " +
                                      std::to_string(fields.size() - 1));
      }
      const Result<sys_days> date = ParseDate(fields[1]);
      if (!date.ok()) {
        return LineError(line_no, "add: date must be a real date written YYYY-MM-DD, got " +
                                      Quote(fields[1]));
      }
      const int year = YearOf(*date);
      if (!InCalendarRange(year)) {
        return LineError(line_no, "add: year " + std::to_string(year) + " is outside " +
                                      std::to_string(kFirstCalendarYear) + "–" +
                                      std::to_string(kLastCalendarYear));
      }
      for (std::size_t k = 2; k <= 3; ++k) {
        if (fields[k].size() > kMaxNameBytes || !IsCleanUtf8(fields[k])) {
          return LineError(line_no, std::string("add: ") + (k == 2 ? "NAME_JA" : "NAME_EN") +
                                        " must be UTF-8 text of at most " +
                                        std::to_string(kMaxNameBytes) + " bytes");
        }
      }
      HolidayKind kind = HolidayKind::kNational;
      if (fields.size() == 5) {
        if (fields[4] == "rest") {
          kind = HolidayKind::kRestDay;
        } else if (fields[4] != "national") {
          return LineError(line_no, "add: kind must be national or rest, got " + Quote(fields[4]));
        }
      }
      for (std::size_t k = 0; k < out.additions.size(); ++k) {
        if (out.additions[k].date == *date) {
          return LineError(line_no, "add: " + FormatDate(*date) + " is already added on line " +
                                        std::to_string(addition_lines[k]));
        }
      }
      out.additions.push_back(Holiday{*date, std::string(fields[2]), std::string(fields[3]), kind});
      addition_lines.push_back(line_no);
    } else if (fields.size() == 1 && (action.starts_with("add ") || action.starts_with("remove "))) {
      return LineError(line_no, "fields must be separated by tabs, not spaces");
    } else {
      return LineError(line_no, "unknown action " + Quote(action) + " (expected add or remove)");
    }
  }

  // An addition may not silently replace a rule holiday that stays in force.
  for (std::size_t k = 0; k < out.additions.size(); ++k) {
    const Holiday& add = out.additions[k];
    const int year = YearOf(add.date);
    for (const Holiday& rule : RuleHolidays(year)) {
      if (rule.date != add.date) continue;
      const bool removed = std::any_of(out.removals.begin(), out.removals.end(),
                                       [&](const HolidayRemoval& r) {
                                         return r.year == year && r.name_ja == rule.name_ja;
                                       });
      if (!removed) {
        return LineError(addition_lines[k], "add: " + FormatDate(add.date) + " is already " +
                                                rule.name_ja + " by rule; remove that first");
      }
    }
  }
  return out;
}

struct BusinessCalendar::Data {
  std::vector<Holiday> holidays;  // every supported year, sorted by date
};

BusinessCalendar::BusinessCalendar(HolidayOverrides overrides) {
  std::map<sys_days, Holiday> off;
  for (int y = kFirstCalendarYear; y <= kLastCalendarYear; ++y) {
    for (Holiday& h : RuleHolidays(y)) {
      const bool removed = std::any_of(overrides.removals.begin(), overrides.removals.end(),
                                       [&](const HolidayRemoval& r) {
                                         return r.year == y && r.name_ja == h.name_ja;
                                       });
      if (!removed) off.emplace(h.date, std::move(h));
    }
  }
  for (Holiday& h : overrides.additions) {
    if (InCalendarRange(YearOf(h.date))) off.insert_or_assign(h.date, std::move(h));
  }

  auto is_national = [&off](sys_days d) {
    const auto it = off.find(d);
    return it != off.end() && it->second.kind == HolidayKind::kNational;
  };

  // 振替休日 (祝日法 3条2項): a 祝日 on a Sunday makes the next day a holiday;
  // since 2007 the next day that is not itself a 祝日.
  std::vector<sys_days> substitutes;
  for (const auto& [d, h] : off) {
    if (h.kind != HolidayKind::kNational || weekday{d} != std::chrono::Sunday) continue;
    if (d < kSubstituteStart) continue;
    sys_days candidate = d + days{1};
    if (d < kRevision2007) {
      if (is_national(candidate)) continue;
    } else {
      while (is_national(candidate)) candidate += days{1};
    }
    substitutes.push_back(candidate);
  }
  for (sys_days d : substitutes) off.try_emplace(d, Make(d, kSubstituteHoliday, HolidayKind::kSubstitute));

  // 国民の休日 (3条3項): a day between two 祝日 that is not itself a 祝日;
  // before 2007 Sundays and 振替休日 were excluded.
  std::vector<sys_days> citizens;
  for (const auto& [d, h] : off) {
    if (h.kind != HolidayKind::kNational) continue;
    const sys_days candidate = d + days{1};
    if (candidate < kCitizensStart || !is_national(candidate + days{1})) continue;
    if (off.contains(candidate)) continue;  // a 祝日, 振替休日 or special day already
    if (candidate < kRevision2007 && weekday{candidate} == std::chrono::Sunday) continue;
    citizens.push_back(candidate);
  }
  for (sys_days d : citizens) off.try_emplace(d, Make(d, kCitizensHoliday, HolidayKind::kCitizens));

  auto data = std::make_shared<Data>();
  data->holidays.reserve(off.size());
  for (auto& [d, h] : off) {
    if (InCalendarRange(YearOf(d))) data->holidays.push_back(std::move(h));
  }
  data_ = std::move(data);
}

std::vector<Holiday> BusinessCalendar::Holidays(int year) const {
  if (!InCalendarRange(year)) return {};
  const auto& all = data_->holidays;
  const auto by_date = [](const Holiday& h, sys_days d) { return h.date < d; };
  const auto first = std::lower_bound(all.begin(), all.end(), Date(year, 1, 1), by_date);
  const auto last = std::lower_bound(first, all.end(), Date(year + 1, 1, 1), by_date);
  return {first, last};
}

std::optional<Holiday> BusinessCalendar::HolidayOn(sys_days d) const {
  const auto& all = data_->holidays;
  const auto it = std::lower_bound(all.begin(), all.end(), d,
                                   [](const Holiday& h, sys_days x) { return h.date < x; });
  if (it == all.end() || it->date != d) return std::nullopt;
  return *it;
}

bool BusinessCalendar::IsHoliday(sys_days d) const {
  const auto& all = data_->holidays;
  const auto it = std::lower_bound(all.begin(), all.end(), d,
                                   [](const Holiday& h, sys_days x) { return h.date < x; });
  return it != all.end() && it->date == d;
}

bool BusinessCalendar::IsYearEndClosure(sys_days d) {
  const year_month_day ymd{d};
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  return (m == 12 && day >= 29) || (m == 1 && day <= 3);
}

bool BusinessCalendar::IsBusinessDay(sys_days d) const {
  const weekday wd{d};
  if (wd == std::chrono::Saturday || wd == std::chrono::Sunday) return false;
  return !IsYearEndClosure(d) && !IsHoliday(d);
}

sys_days BusinessCalendar::AddBusinessDays(sys_days from, int n) const {
  const days step{n < 0 ? -1 : 1};
  long long remaining = std::llabs(static_cast<long long>(n));
  sys_days d = from;
  while (remaining > 0) {
    d += step;
    if (IsBusinessDay(d)) --remaining;
  }
  return d;
}

int BusinessCalendar::BusinessDaysBetween(sys_days from, sys_days to) const {
  if (to < from) return -BusinessDaysBetween(to, from);
  int count = 0;
  for (sys_days d = from + days{1}; d <= to; d += days{1}) {
    if (IsBusinessDay(d)) ++count;
  }
  return count;
}

std::string FormatDate(sys_days d) {
  const year_month_day ymd{d};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  char buf[32];
  if (y < 0) {
    std::snprintf(buf, sizeof buf, "-%04d-%02u-%02u", -y, m, day);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, day);
  }
  return buf;
}

Result<sys_days> ParseDate(std::string_view text, std::string_view field) {
  const auto invalid = [&] {
    return Error::Invalid(std::string(field), "must be a date written as YYYY-MM-DD");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  const std::string_view ys = text.substr(0, 4);
  const std::string_view ms = text.substr(5, 2);
  const std::string_view ds = text.substr(8, 2);
  if (!IsDigits(ys) || !IsDigits(ms) || !IsDigits(ds)) return invalid();
  const int y = ToInt(ys);
  const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(ToInt(ms))},
                           std::chrono::day{static_cast<unsigned>(ToInt(ds))}};
  if (y < 1 || !ymd.ok()) {
    return Error::Invalid(std::string(field), "is not a real calendar date");
  }
  return sys_days{ymd};
}

std::chrono::sys_days AddMonths(std::chrono::sys_days day, int months) {
  const std::chrono::year_month_day ymd{day};
  const std::chrono::year_month ym = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const auto last = std::chrono::year_month_day_last{ym.year(), std::chrono::month_day_last{ym.month()}}.day();
  return std::chrono::sys_days{std::chrono::year_month_day{ym.year(), ym.month(), std::min(ymd.day(), last)}};
}

}  // namespace cvdhub::domain
