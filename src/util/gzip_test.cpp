#include "util/gzip.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace cvdhub::util {
namespace {

// A page-like text: repetitive markup with varying numbers, as the case page.
std::string PageLike(int rows) {
  std::string s = "<table>";
  for (int i = 0; i < rows; ++i) {
    s += "<tr id=\"v" + std::to_string(i) + "\"><td class=\"vname\">Bench Vendor " + std::to_string(i) +
         "</td><td>details released</td><td>2026-12-06 19:46 JST</td></tr>\n";
  }
  return s + "</table>";
}

std::string RandomBytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

TEST(GzipTest, RoundTripOfTextEmptyAndBinary) {
  for (const std::string& text : {std::string(), std::string("x"), PageLike(500), RandomBytes(200000, 7)}) {
    const std::string gz = GzipCompress(text);
    ASSERT_GE(gz.size(), 18u);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
    auto back = GzipDecompress(gz);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, text);
  }
  EXPECT_LT(GzipCompress(PageLike(500)).size(), PageLike(500).size() / 5);
}

TEST(GzipTest, DecompressRejectsGarbageTruncationBadChecksumAndOversize) {
  const std::string text = PageLike(100);
  const std::string gz = GzipCompress(text);
  EXPECT_FALSE(GzipDecompress("").has_value());
  EXPECT_FALSE(GzipDecompress("not gzip at all").has_value());
  EXPECT_FALSE(GzipDecompress(gz.substr(0, gz.size() - 5)).has_value());
  std::string bad_crc = gz;
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  EXPECT_FALSE(GzipDecompress(bad_crc).has_value());
  EXPECT_FALSE(GzipDecompress(gz + "trailing").has_value());
  EXPECT_FALSE(GzipDecompress(gz, text.size() - 1).has_value());
  // Two members are one stream (RFC 1952 §2.2).
  auto both = GzipDecompress(gz + GzipCompress("tail"));
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(*both, text + "tail");
}

TEST(GzipTest, TemplateFillsEveryHoleAndWrapsPrefixAndSuffix) {
  const std::string hole = "\x01HOLE\x01";
  const std::string body = hole + "<form>" + hole + PageLike(300) + hole + hole + "<p>end</p>" + hole;
  const GzipTemplate t(body, hole);
  EXPECT_EQ(t.holes(), 5u);
  const std::string prefix = "<!doctype html><header>Lena Lead</header>";
  const std::string suffix = "<footer>cvdhub</footer>";
  const std::string token = "Zm9vYmFyLXRva2VuLTAxMjM0NTY3ODk";
  std::string expected = prefix + body + suffix;
  for (auto at = expected.find(hole); at != std::string::npos; at = expected.find(hole)) {
    expected.replace(at, hole.size(), token);
  }
  auto back = GzipDecompress(t.Render(prefix, token, suffix));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, expected);
  // Another viewer's token and layout from the same template.
  auto other = GzipDecompress(t.Render("", "x", ""));
  ASSERT_TRUE(other.has_value());
  std::string expected_other = body;
  for (auto at = expected_other.find(hole); at != std::string::npos; at = expected_other.find(hole)) {
    expected_other.replace(at, hole.size(), "x");
  }
  EXPECT_EQ(*other, expected_other);
  EXPECT_LT(t.compressed_size(), body.size() / 4);
}

TEST(GzipTest, TemplateWithoutHolesAndWithLargeStoredParts) {
  const std::string text = PageLike(1000);
  const GzipTemplate plain(text, "");
  EXPECT_EQ(plain.holes(), 0u);
  auto back = GzipDecompress(plain.Render());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, text);
  // Per-response parts longer than one stored block (65,535 bytes).
  const std::string big = RandomBytes(150000, 3);
  const GzipTemplate t("a|b", "|");
  back = GzipDecompress(t.Render(big, big, big));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, big + "a" + big + "b" + big);
  const GzipTemplate empty;
  back = GzipDecompress(empty.Render("p", "f", "s"));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, "ps");
}

// With fills of one known size the text is one stream: smaller, and the same text.
TEST(GzipTest, TemplateForFixedSizeFillsCompressesAcrossHoles) {
  const std::string hole = "\x02csrf\x03";
  std::string body;
  for (int i = 0; i < 20; ++i) {
    body += "<form method=\"post\" action=\"/cases/1/x" + std::to_string(i) + "\"><input type=\"hidden\" name=\"csrf\" value=\"" +
            hole + "\"><button>Go</button></form>\n" + PageLike(5);
  }
  const std::string token(43, 'T');
  const GzipTemplate cut(body, hole);
  const GzipTemplate one(body, hole, token.size());
  EXPECT_EQ(one.holes(), 20u);
  EXPECT_LT(one.compressed_size(), cut.compressed_size());
  std::string expected = body;
  for (auto at = expected.find(hole); at != std::string::npos; at = expected.find(hole)) {
    expected.replace(at, hole.size(), token);
  }
  ASSERT_TRUE(one.Fits(token));
  auto back = GzipDecompress(one.Render("<head>", token, "</html>"));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, "<head>" + expected + "</html>");
  // Another token of the same size, even one that repeats the text around it.
  const std::string other = std::string("value=\"") + std::string(36, 'x');
  ASSERT_EQ(other.size(), token.size());
  back = GzipDecompress(one.Render("", other, ""));
  ASSERT_TRUE(back.has_value());
  std::string expected_other = body;
  for (auto at = expected_other.find(hole); at != std::string::npos; at = expected_other.find(hole)) {
    expected_other.replace(at, hole.size(), other);
  }
  EXPECT_EQ(*back, expected_other);
  // A fill of another size cannot go in.
  EXPECT_FALSE(one.Fits("short"));
  EXPECT_EQ(one.Render("", "short", ""), "");
  // A text holding NUL bytes (the stand-in) is cut at the holes instead: any fill fits.
  const GzipTemplate with_nul(std::string("a\0b", 3) + hole + "c", hole, 5);
  EXPECT_TRUE(with_nul.Fits("xy"));
  back = GzipDecompress(with_nul.Render("", "xy", ""));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, std::string("a\0bxyc", 6));
}

// Random texts over a small alphabet (many long matches, some across holes),
// random holes, random fills: always the text back.
TEST(GzipTest, TemplateRoundTripsRandomTextsHolesAndFills) {
  std::mt19937 rng(42);
  const std::string hole = "\x02H\x03";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 3000);
    for (int i = 0; i < n; ++i) {
      text += rng() % 40 == 0 ? hole : std::string(1, "ab<>\"= x"[rng() % 9]);
    }
    const std::size_t fill_size = rng() % 3 == 0 ? 0 : 1 + rng() % 60;
    std::string fill(fill_size == 0 ? rng() % 20 : fill_size, 'f');
    for (auto& c : fill) c = "ab<>\"= x"[rng() % 9];
    const GzipTemplate t(text, hole, fill_size, 1 + static_cast<int>(rng() % 9));
    ASSERT_TRUE(t.Fits(fill));
    std::string expected = "P" + text + "S";
    for (auto at = expected.find(hole); at != std::string::npos; at = expected.find(hole, at + fill.size())) {
      expected.replace(at, hole.size(), fill);
    }
    auto back = GzipDecompress(t.Render("P", fill, "S"));
    ASSERT_TRUE(back.has_value()) << round;
    ASSERT_EQ(*back, expected) << round;
  }
}

// The token sits in stored blocks: its compressed form is the token itself,
// and the size of the response does not depend on what else the page holds.
TEST(GzipTest, TemplateKeepsTheFillOutOfCompression) {
  const std::string hole = "@@";
  const std::string text = "value=\"@@\" q=secret-guess q=secret-guess value=\"@@\" q=secret-guess";
  for (std::size_t fill_size : {std::size_t{0}, std::size_t{12}}) {
    const GzipTemplate t(text, hole, fill_size);
    const std::string a = t.Render("", "secret-guess", "");
    const std::string b = t.Render("", "zzzzzzzzzzzz", "");
    EXPECT_EQ(a.size(), b.size()) << fill_size;
    EXPECT_NE(a.find("secret-guess"), std::string::npos);
  }
}

}  // namespace
}  // namespace cvdhub::util
