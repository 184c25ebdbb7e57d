#include "web/page_kit.hpp"

#include <gtest/gtest.h>

namespace cvdhub::web {
namespace {

TEST(SafeNextTest, OnlyLocalPathsAndTheyStayOneUrl) {
  EXPECT_EQ(SafeNext("/cases/3?notice=saved"), "/cases/3?notice=saved");
  EXPECT_EQ(SafeNext("https://evil.example/"), "/");
  EXPECT_EQ(SafeNext("//evil.example/"), "/");
  EXPECT_EQ(SafeNext("/\\\\evil.example"), "/");
  EXPECT_EQ(SafeNext(""), "/");
  // Decoded on the way in: a '#' of an identifier must not become a fragment.
  EXPECT_EQ(SafeNext("/advisories/JVN#12345678"), "/advisories/JVN%2312345678");
  EXPECT_EQ(SafeNext("/search?q=認証 x"), "/search?q=%E8%AA%8D%E8%A8%BC%20x");
  EXPECT_EQ(SafeNext("/a\r\nSet-Cookie: x"), "/a%0D%0ASet-Cookie:%20x");
}

}  // namespace
}  // namespace cvdhub::web
