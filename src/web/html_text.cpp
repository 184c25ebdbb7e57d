#include "web/html_text.hpp"

#include <chrono>
#include <cstdio>

namespace cvdhub::web {

void AppendEscaped(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

namespace {

struct Parts {
  int year;
  unsigned month, day;
  long hour, minute, second;
};

Parts Split(domain::Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
          static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
          static_cast<long>(hms.seconds().count())};
}

}  // namespace

std::string JstText(domain::Timestamp t) {
  // Japan has had no daylight saving time since 1951: always UTC+9.
  const Parts p = Split(t + std::chrono::hours(9));
  char buf[96];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld JST", p.year, p.month, p.day, p.hour,
                              p.minute);
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

std::string UtcText(domain::Timestamp t) {
  const Parts p = Split(t);
  char buf[96];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", p.year, p.month, p.day, p.hour,
                              p.minute, p.second);
  return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

}  // namespace cvdhub::web
