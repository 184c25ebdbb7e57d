#include "app/test_clock.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

namespace cvdhub::app {
namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::optional<Timestamp> ParseUtcInstant(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2);
  if (y < 1970 || mo < 1 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Timestamp{std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                   std::chrono::seconds{s}};
}

Result<std::unique_ptr<FileClock>> FileClock::Open(const std::string& path) {
  auto text = ReadFile(path);
  if (!text) return Error::Invalid("test-clock-file", "cannot read the test clock file " + path);
  auto t = ParseUtcInstant(*text);
  if (!t)
    return Error::Invalid("test-clock-file",
                          "the test clock file must hold one time like 2026-05-01T00:00:00Z");
  return std::unique_ptr<FileClock>(new FileClock(path, *t));
}

Timestamp FileClock::Now() const {
  auto text = ReadFile(path_);
  std::lock_guard lock(mu_);
  auto t = text ? ParseUtcInstant(*text) : std::nullopt;
  if (t) {
    last_ = *t;
  } else if (!complained_) {
    // A test rewriting the file may be caught mid-write: keep the last good time.
    complained_ = true;
    std::fprintf(stderr, "test clock: %s does not hold a time now; keeping the last one\n", path_.c_str());
  }
  return last_;
}

}  // namespace cvdhub::app
