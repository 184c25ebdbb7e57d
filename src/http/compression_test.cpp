#include "http/compression.hpp"

#include <gtest/gtest.h>

#include "util/gzip.hpp"

namespace cvdhub::http {
namespace {

TEST(CompressionTest, AcceptEncodingAdmitsGzip) {
  struct Case {
    const char* header;
    bool gzip;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"", false},
           {"gzip", true},
           {"GZip", true},
           {"x-gzip", true},
           {"gzip, deflate, br", true},
           {"br;q=1.0, gzip;q=0.8, *;q=0.1", true},
           {"deflate, br", false},
           {"gzip;q=0", false},
           {"gzip;q=0.000", false},
           {"gzip; q=0.5", true},
           {"*", true},
           {"*;q=0", false},
           {"*, gzip;q=0", false},
           {"identity", false},
           {"gzip;q=garbage", false},
           {"gzip;q=2", false},
           {" , ,gzip", true},
       }) {
    EXPECT_EQ(AcceptsGzip(c.header), c.gzip) << '"' << c.header << '"';
  }
}

TEST(CompressionTest, CachedJsonIsGzipOnlyWhenAccepted) {
  const std::string text = R"({"id":1,"vendors":[)" + std::string(2000, ' ') + "]}";
  app::CachedRendering r{text, util::GzipTemplate(text, "")};
  Request plain;
  Response a = CachedJson(plain, r);
  EXPECT_EQ(a.body, text);
  EXPECT_EQ(a.Header("Content-Encoding"), "");
  EXPECT_EQ(a.Header("Vary"), "Accept-Encoding");

  Request gz;
  gz.headers.emplace_back("accept-encoding", "gzip, deflate");
  Response b = CachedJson(gz, r);
  EXPECT_EQ(b.Header("Content-Encoding"), "gzip");
  EXPECT_EQ(b.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_LT(b.body.size(), text.size() / 4);
  auto back = util::GzipDecompress(b.body);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, text);
}

TEST(CompressionTest, AddVaryExtendsTheHeader) {
  Response r = Response::Html(200, "x");
  r.Set("Vary", "Cookie, Accept-Language");
  AddVary(r, "Accept-Encoding");
  EXPECT_EQ(r.Header("Vary"), "Cookie, Accept-Language, Accept-Encoding");
}

}  // namespace
}  // namespace cvdhub::http
