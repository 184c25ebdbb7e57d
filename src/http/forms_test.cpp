#include "http/forms.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cvdhub::http {
namespace {

using namespace std::string_literals;

// ---------------------------------------------------------------- PercentDecode

struct DecodeCase {
  std::string in;
  bool plus_is_space;
  std::string want;
};

TEST(PercentDecode, DecodesEscapesAndPlusOnlyWhenAsked) {
  const DecodeCase cases[] = {
      {"", true, ""},
      {"plain", true, "plain"},
      {"a%20b", false, "a b"},
      {"%41%42%43", false, "ABC"},
      {"%e6%97%a5", false, "\xE6\x97\xA5"},  // lower-case hex: 日
      {"%E6%97%A5", false, "\xE6\x97\xA5"},  // upper-case hex
      {"a+b", true, "a b"},
      {"a+b", false, "a+b"},                 // in a path '+' is a plus
      {"%2B", true, "+"},                    // an escaped plus stays a plus in forms
      {"100%25", false, "100%"},
      {"%00", false, "\0"s},                 // decoding is byte-exact; validation is the caller's
      {"%2F..%2F", false, "/../"},
      {"end%41", false, "endA"},             // an escape as the last three bytes is complete
  };
  for (const auto& c : cases) {
    auto got = PercentDecode(c.in, c.plus_is_space);
    ASSERT_TRUE(got.ok()) << "'" << c.in << "': " << got.error().message;
    EXPECT_EQ(*got, c.want) << "'" << c.in << "' plus_is_space=" << c.plus_is_space;
  }
}

TEST(PercentDecode, RejectsTruncatedAndNonHexEscapes) {
  const std::pair<std::string, std::string> cases[] = {
      {"%", "truncated percent-escape"},
      {"abc%", "truncated percent-escape"},
      {"abc%4", "truncated percent-escape"},
      {"%4G", "invalid percent-escape"},
      {"%G4", "invalid percent-escape"},
      {"%zz", "invalid percent-escape"},
      {"%%41", "invalid percent-escape"},
      {"% 41", "invalid percent-escape"},
      {"ok%2", "truncated percent-escape"},
  };
  for (const auto& [in, message] : cases) {
    auto got = PercentDecode(in, true);
    ASSERT_FALSE(got.ok()) << "'" << in << "' decoded to '" << *got << "'";
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput) << in;
    EXPECT_EQ(got.error().field, "url") << in;
    EXPECT_EQ(got.error().message, message) << in;
  }
}

TEST(PercentEncode, EncodesEverythingButUnreservedAndRoundTrips) {
  EXPECT_EQ(PercentEncode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(PercentEncode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(PercentEncode("\xE6\x97\xA5"), "%E6%97%A5");
  const std::string binary = "x\0\r\n+%\xFF"s;
  auto back = PercentDecode(PercentEncode(binary), true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, binary);
}

// ---------------------------------------------------------------- ParseUrlEncoded

TEST(ParseUrlEncoded, KeepsEveryValueOfARepeatedName) {
  auto got = ParseUrlEncoded("flag=a&other=1&flag=b&flag=c");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->count("flag"), 3u);
  std::vector<std::string> flags;
  for (auto [it, end] = got->equal_range("flag"); it != end; ++it) flags.push_back(it->second);
  // A multimap keeps insertion order among equal keys.
  EXPECT_EQ(flags, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(got->find("other")->second, "1");
  EXPECT_EQ(got->size(), 4u);
}

TEST(ParseUrlEncoded, SkipsEmptyPairsAndAcceptsNamesWithoutValues) {
  auto got = ParseUrlEncoded("&&a=1&&b=&c&");
  ASSERT_TRUE(got.ok());
  const std::multimap<std::string, std::string> want = {{"a", "1"}, {"b", ""}, {"c", ""}};
  EXPECT_EQ(*got, want);

  auto empty = ParseUrlEncoded("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParseUrlEncoded, DecodesNamesAndValuesWithPlusAsSpace) {
  auto got = ParseUrlEncoded("first+name=%E5%B1%B1%E7%94%B0+%E5%A4%AA%E9%83%8E&q=a%2Bb%3Dc");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->find("first name")->second, "山田 太郎");
  EXPECT_EQ(got->find("q")->second, "a+b=c");  // only the first '=' separates
}

TEST(ParseUrlEncoded, RejectsABadEscapeInANameOrAValue) {
  for (const char* body : {"a=%zz", "a%=1", "ok=1&bad=%4", "%G0=x"}) {
    auto got = ParseUrlEncoded(body);
    ASSERT_FALSE(got.ok()) << body;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput) << body;
  }
}

// ---------------------------------------------------------------- MultipartBoundary

TEST(MultipartBoundary, ReadsTokenAndQuotedBoundaries) {
  const std::pair<std::string, std::string> cases[] = {
      {"multipart/form-data; boundary=----WebKitFormBoundaryx1y2", "----WebKitFormBoundaryx1y2"},
      {"multipart/form-data; boundary=\"quoted boundary\"", "quoted boundary"},
      {"multipart/form-data;boundary=abc", "abc"},
      {"Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz", "xyz"},  // names are case-insensitive
      {"multipart/form-data; boundary=\"a;b\"", "a;b"},
      {"multipart/form-data; boundary=abc; charset=utf-8", "abc"},
  };
  for (const auto& [header, want] : cases) {
    auto got = MultipartBoundary(header);
    ASSERT_TRUE(got.ok()) << header << ": " << got.error().message;
    EXPECT_EQ(*got, want) << header;
  }
}

TEST(MultipartBoundary, RejectsMissingEmptyOverlongOrWrongType) {
  const std::string cases[] = {
      "multipart/form-data",
      "multipart/form-data; charset=utf-8",
      "multipart/form-data; boundary=",
      "multipart/form-data; boundary=\"\"",
      "multipart/form-data; boundary=\"unterminated",
      "multipart/form-data; boundary=" + std::string(201, 'b'),
      "multipart/mixed; boundary=abc",
      "text/plain; boundary=abc",
      "application/x-www-form-urlencoded",
      "",
  };
  for (const auto& header : cases) {
    auto got = MultipartBoundary(header);
    ASSERT_FALSE(got.ok()) << "'" << header << "' gave '" << *got << "'";
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput) << header;
    EXPECT_EQ(got.error().field, "content-type") << header;
  }
  // 200 bytes is the longest boundary accepted (RFC 2046 allows 70; we are lenient but bounded).
  auto longest = MultipartBoundary("multipart/form-data; boundary=" + std::string(200, 'b'));
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(longest->size(), 200u);
}

// ---------------------------------------------------------------- ParseMultipart

constexpr std::string_view kBoundary = "XyZ-boundary-42";

TEST(ParseMultipart, ParsesTwoFieldsAndABinaryFileByteExactly) {
  // The file holds CR LF, NUL, 0xFF and a dash run that is not a delimiter.
  const std::string file_bytes = "PK\x03\x04\r\n\0\0\xFF\r\n--XyZ-boundar\r\n-\0end"s;
  const std::string body =
      "preamble is ignored\r\n"
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; name=\"title\"\r\n"
      "\r\n"
      "SQL injection in ログイン\r\n"
      "--XyZ-boundary-42\r\n"
      "content-disposition: form-data; name=\"wants_credit\"\r\n"
      "\r\n"
      "on\r\n"
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"po\\\"c\\\\1.zip\"\r\n"
      "Content-Type: application/zip\r\n"
      "\r\n" +
      file_bytes +
      "\r\n"
      "--XyZ-boundary-42--\r\n"
      "epilogue is ignored";
  auto got = ParseMultipart(body, kBoundary);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), 3u);

  const FormPart& title = (*got)[0];
  EXPECT_EQ(title.name, "title");
  EXPECT_FALSE(title.filename.has_value());
  EXPECT_EQ(title.content_type, "");
  EXPECT_EQ(title.data, "SQL injection in ログイン");

  const FormPart& credit = (*got)[1];
  EXPECT_EQ(credit.name, "wants_credit");  // header names are case-insensitive
  EXPECT_EQ(credit.data, "on");

  const FormPart& file = (*got)[2];
  EXPECT_EQ(file.name, "file");
  ASSERT_TRUE(file.filename.has_value());
  EXPECT_EQ(*file.filename, "po\"c\\1.zip");  // backslash escapes inside the quoted string
  EXPECT_EQ(file.content_type, "application/zip");
  EXPECT_EQ(file.data.size(), file_bytes.size());
  EXPECT_EQ(file.data, file_bytes);
}

TEST(ParseMultipart, ASemicolonInsideAQuotedFilenameDoesNotStartANewParameter) {
  // filename="x; name=evil" must not be read as a second name parameter.
  const std::string body =
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; filename=\"x; name=evil.txt\"; name=\"upload\"\r\n"
      "\r\n"
      "data\r\n"
      "--XyZ-boundary-42--\r\n";
  auto got = ParseMultipart(body, kBoundary);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].name, "upload");
  ASSERT_TRUE((*got)[0].filename.has_value());
  EXPECT_EQ(*(*got)[0].filename, "x; name=evil.txt");
}

TEST(ParseMultipart, EmptyFieldAndEmptyFileAreKept) {
  const std::string body =
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; name=\"note\"\r\n"
      "\r\n"
      "\r\n"
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n"
      "\r\n"
      "\r\n"
      "--XyZ-boundary-42--";
  auto got = ParseMultipart(body, kBoundary);
  ASSERT_TRUE(got.ok()) << got.error().message;
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0].data, "");
  ASSERT_TRUE((*got)[1].filename.has_value());
  EXPECT_EQ(*(*got)[1].filename, "");  // no file chosen: the caller skips it
  EXPECT_EQ((*got)[1].data, "");
}

TEST(ParseMultipart, RejectsMalformedBodiesAsInvalidNamingTheProblem) {
  const std::string good_part =
      "--XyZ-boundary-42\r\n"
      "Content-Disposition: form-data; name=\"a\"\r\n"
      "\r\n"
      "value";
  const struct {
    const char* what;
    std::string body;
    std::string message;
  } cases[] = {
      {"empty body", "", "multipart body has no boundary line"},
      {"garbage", "this is not multipart at all", "multipart body has no boundary line"},
      {"other boundary", "--other\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--other--",
       "multipart body has no boundary line"},
      {"truncated data", good_part, "multipart body is truncated"},
      {"truncated headers", "--XyZ-boundary-42\r\nContent-Disposition: form-data; name=\"a\"",
       "multipart part without headers"},
      {"no closing delimiter", good_part + "\r\n--XyZ-boundary-42", "malformed multipart boundary line"},
      {"junk after delimiter", good_part + "\r\n--XyZ-boundary-42junk\r\n",
       "malformed multipart boundary line"},
      {"missing Content-Disposition",
       "--XyZ-boundary-42\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ-boundary-42--",
       "multipart part without Content-Disposition"},
      {"disposition without name",
       "--XyZ-boundary-42\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n\r\nv\r\n"
       "--XyZ-boundary-42--",
       "multipart part without a field name"},
      {"unterminated quoted name",
       "--XyZ-boundary-42\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ-boundary-42--",
       "multipart part without a field name"},
      {"second part truncated",
       good_part + "\r\n--XyZ-boundary-42\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nv",
       "multipart body is truncated"},
  };
  for (const auto& c : cases) {
    auto got = ParseMultipart(c.body, kBoundary);
    ASSERT_FALSE(got.ok()) << c.what;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput) << c.what;
    EXPECT_EQ(got.error().field, "body") << c.what;
    EXPECT_EQ(got.error().message, c.message) << c.what;
  }
}

// ---------------------------------------------------------------- ParseCookies

TEST(ParseCookies, SplitsPairsTrimsAndSkipsMalformedOnes) {
  const std::map<std::string, std::string> want = {
      {"session", "abc123"}, {"csrf", "x=y=="}, {"lang", "ja"}, {"empty", ""}};
  EXPECT_EQ(ParseCookies("session=abc123; csrf=x=y==;lang = ja ; novalue; =orphan; empty=;;"), want);
  EXPECT_TRUE(ParseCookies("").empty());
  EXPECT_TRUE(ParseCookies(";;; ;").empty());
}

TEST(ParseCookies, FirstOfARepeatedNameWins) {
  // Browsers send the most specific path first (RFC 6265 5.4).
  const auto got = ParseCookies("sid=first; sid=second");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.at("sid"), "first");
}

// ---------------------------------------------------------------- MediaType

TEST(MediaType, LowerCasesAndDropsParameters) {
  const std::pair<std::string, std::string> cases[] = {
      {"application/json", "application/json"},
      {"Application/JSON; charset=UTF-8", "application/json"},
      {"  text/html  ;charset=utf-8", "text/html"},
      {"multipart/form-data; boundary=Ab", "multipart/form-data"},
      {"", ""},
      {";charset=utf-8", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(MediaType(in), want) << "'" << in << "'";
}

}  // namespace
}  // namespace cvdhub::http
