#include "web/html_text.hpp"

#include <gtest/gtest.h>

namespace cvdhub::web {
namespace {

TEST(HtmlText, EscapesMarkupAndQuotes) {
  std::string out = "x";
  AppendEscaped(out, R"(<a href="j">'&'</a>)");
  EXPECT_EQ(out, "x&lt;a href=&quot;j&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(HtmlText, LeavesOtherTextAlone) {
  std::string out;
  AppendEscaped(out, "該当製品あり：調査中 / https://example.com/a?b=1");
  EXPECT_EQ(out, "該当製品あり：調査中 / https://example.com/a?b=1");
}

}  // namespace
}  // namespace cvdhub::web
