#include "web/html_text.hpp"

#include <gtest/gtest.h>

#include "app/context.hpp"

namespace cvdhub::web {
namespace {

using namespace std::chrono;

TEST(HtmlText, EscapesMarkupAndQuotes) {
  std::string out = "x";
  AppendEscaped(out, R"(<a href="j">'&'</a>)");
  EXPECT_EQ(out, "x&lt;a href=&quot;j&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

// The fast renderings must read exactly like the app's (date library) ones.
TEST(HtmlText, TimesMatchTheAppFormats) {
  const domain::Timestamp cases[] = {
      sys_days{2026y / December / 31} + 15h + 0min,          // 00:00 JST on New Year's Day
      sys_days{2026y / November / 24} + 10h + 5min + 7s,
      sys_days{2028y / February / 28} + 23h + 59min + 59s,  // leap year in Japan
      sys_days{1970y / January / 1} + 0s,
      sys_days{2099y / December / 31} + 14h + 59min + 59s,
  };
  for (const auto t : cases) {
    EXPECT_EQ(JstText(t), app::FormatJst(t));
    EXPECT_EQ(UtcText(t), app::FormatIsoUtc(t));
  }
  for (std::int64_t s = 0; s < 4'000'000'000; s += 86'400 * 37 + 3'607) {
    const domain::Timestamp t{seconds{s}};
    ASSERT_EQ(JstText(t), app::FormatJst(t));
    ASSERT_EQ(UtcText(t), app::FormatIsoUtc(t));
  }
}

}  // namespace
}  // namespace cvdhub::web
