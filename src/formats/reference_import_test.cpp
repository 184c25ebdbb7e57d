// Reading reference records (CVE JSON 5, OSV) and JSON Lines files.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "formats/json_lines.hpp"
#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"

namespace cvdhub::formats {
namespace {

using domain::RecordTime;

// A small published CVE record in the shape the CVE Program publishes, with a
// zoneless datePublished as a quarter of real records have.
constexpr std::string_view kCve = R"({"dataType":"CVE_RECORD","dataVersion":"5.1",
 "cveMetadata":{"cveId":"CVE-2024-0001","assignerOrgId":"11111111-2222-3333-4444-555555555555",
  "assignerShortName":"example","state":"PUBLISHED","dateReserved":"2024-01-02T03:04:05.678Z",
  "datePublished":"2024-02-01T00:00:00","dateUpdated":"2024-03-01T12:00:00.123456"},
 "containers":{"cna":{"providerMetadata":{"orgId":"11111111-2222-3333-4444-555555555555","shortName":"example"},
  "title":"Buffer overflow in Widget",
  "descriptions":[{"lang":"en","value":"A buffer overflow in Widget allows remote attackers to run code."},
                  {"lang":"ja","value":"Widget にバッファオーバーフローの脆弱性があります。"}],
  "affected":[{"vendor":"Example","product":"Widget","cpes":["cpe:2.3:a:example:widget:*:*:*:*:*:*:*:*"],
   "defaultStatus":"unaffected","versions":[{"version":"1.0","lessThan":"1.4","status":"affected","versionType":"semver"}]}],
  "problemTypes":[{"descriptions":[{"lang":"en","type":"CWE","cweId":"CWE-787","description":"CWE-787 Out-of-bounds Write"}]}],
  "metrics":[{"format":"CVSS","cvssV3_1":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8,"baseSeverity":"CRITICAL"}},
             {"other":{"type":"ssvc","content":{}}}],
  "references":[{"url":"https://example.com/advisory","name":"advisory","tags":["vendor-advisory"]}]},
 "adp":[{"title":"CISA ADP Vulnrichment","providerMetadata":{"orgId":"134c704f-9b21-4f2e-91b3-4a467353bcc0","shortName":"CISA-ADP","dateUpdated":"2024-08-01T18:53:30.423Z"},
  "metrics":[{"cvssV4_0":{"version":"4.0","vectorString":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N","baseScore":9.3,"baseSeverity":"CRITICAL"}}]}]}})";

constexpr std::string_view kRejected = R"({"dataType":"CVE_RECORD","dataVersion":"5.1",
 "cveMetadata":{"cveId":"CVE-2024-0002","assignerOrgId":"x","state":"REJECTED","dateRejected":"2024-05-01T00:00:00",
  "dateUpdated":"2024-05-01T00:00:00"},
 "containers":{"cna":{"providerMetadata":{"orgId":"x"},
  "rejectedReasons":[{"lang":"en","value":"DO NOT USE THIS CANDIDATE NUMBER."}]}}})";

constexpr std::string_view kOsv = R"({"schema_version":"1.3.1","id":"GO-2024-0001","modified":"0001-01-01T00:00:00Z",
 "published":"2024-01-05T21:39:14Z","aliases":["CVE-2024-0001","GHSA-xxxx-yyyy-zzzz"],
 "summary":"Request smuggling in net/http","details":"HTTP headers were not properly parsed.",
 "affected":[{"package":{"name":"stdlib","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.4.3"}]}],
  "ecosystem_specific":{"imports":[{"path":"net/http"}]}}],
 "references":[{"type":"FIX","url":"https://go.dev/cl/13148"}],"credits":[{"name":"Someone"}]})";

std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\n') out += c;
  }
  return out;
}

TEST(CveReferenceTest, ReadsTheKeptFields) {
  auto r = ParseCveReference(OneLine(kCve));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, "CVE-2024-0001");
  EXPECT_EQ(r->state, "PUBLISHED");
  EXPECT_EQ(r->format_version, "5.1");
  EXPECT_EQ(r->assigner_short_name, "example");
  EXPECT_EQ(r->Title(), "Buffer overflow in Widget");
  EXPECT_EQ(r->Description("ja"), "Widget にバッファオーバーフローの脆弱性があります。");
  ASSERT_EQ(r->containers.size(), 2u);
  EXPECT_EQ(r->containers[1].short_name, "CISA-ADP");
  ASSERT_EQ(r->affected.size(), 1u);
  EXPECT_EQ(r->affected[0].cpes.size(), 1u);
  ASSERT_EQ(r->affected[0].versions.size(), 1u);
  EXPECT_EQ(r->affected[0].versions[0].less_than, "1.4");
  ASSERT_EQ(r->problem_types.size(), 1u);
  EXPECT_EQ(r->problem_types[0].cwe_id, "CWE-787");
  // Only CVSS metrics are kept: the CNA's v3.1 and the ADP's v4.0, not SSVC.
  ASSERT_EQ(r->metrics.size(), 2u);
  EXPECT_EQ(r->metrics[0].type, "cvssV3_1");
  EXPECT_EQ(r->metrics[0].score, 9.8);
  EXPECT_EQ(r->metrics[1].container, 1);
  EXPECT_EQ(r->metrics[1].type, "cvssV4_0");
  ASSERT_EQ(r->references.size(), 1u);
  EXPECT_EQ(r->references[0].tags, std::vector<std::string>{"vendor-advisory"});
}

TEST(CveReferenceTest, ZonelessTimestampsAreUtc) {
  auto r = ParseCveReference(OneLine(kCve));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(*r->published, domain::ParseRecordTime("2024-02-01T00:00:00Z"));
  EXPECT_EQ(domain::FormatRecordTime(*r->published), "2024-02-01T00:00:00Z");
  EXPECT_EQ(domain::FormatRecordTime(*r->modified), "2024-03-01T12:00:00.123456Z");
  EXPECT_EQ(domain::FormatRecordTime(*r->reserved), "2024-01-02T03:04:05.678Z");
}

TEST(CveReferenceTest, RecordTimesParseEveryShapeAndRefuseGarbage) {
  const auto utc = domain::ParseRecordTime("2024-02-01T09:00:00Z");
  EXPECT_EQ(domain::ParseRecordTime("2024-02-01T18:00:00+09:00"), utc);
  EXPECT_EQ(domain::ParseRecordTime("2024-02-01T18:00:00+0900"), utc);
  EXPECT_EQ(domain::ParseRecordTime("2024-02-01t09:00:00z"), utc);
  EXPECT_EQ(domain::ParseRecordTime("2024-02-01T09:00:00.000000001Z"), utc);  // beyond microseconds: dropped
  EXPECT_EQ(domain::FormatRecordTime(*domain::ParseRecordTime("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
  for (const char* bad : {"", "2024-02-01", "2024-02-30T00:00:00Z", "2024-02-01T24:00:00Z", "2024-02-01T09:00:00 Z",
                          "2024-02-01T09:00:00.Z", "2024-02-01T09:00:00+9", "yesterday", "0000-01-01T00:00:00Z"}) {
    EXPECT_FALSE(domain::ParseRecordTime(bad).has_value()) << bad;
  }
}

TEST(CveReferenceTest, RejectedRecordHasReasonsAndNoAffected) {
  auto r = ParseCveReference(OneLine(kRejected));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state, "REJECTED");
  EXPECT_TRUE(r->affected.empty());
  EXPECT_FALSE(r->published.has_value());
  EXPECT_EQ(domain::FormatRecordTime(*r->rejected), "2024-05-01T00:00:00Z");
  EXPECT_EQ(r->Description(), "DO NOT USE THIS CANDIDATE NUMBER.");
  const auto out = CveReferenceToJson(*r);
  EXPECT_EQ(out["containers"]["cna"]["rejectedReasons"][0]["value"], "DO NOT USE THIS CANDIDATE NUMBER.");
  EXPECT_FALSE(out["containers"]["cna"].contains("descriptions"));
  EXPECT_FALSE(out["containers"]["cna"].contains("affected"));
}

TEST(CveReferenceTest, BadLinesSayWhatIsWrong) {
  struct Case {
    std::string line;
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {"{}", "cveMetadata missing: not a CVE JSON 5 record"},
      {std::string(kOsv.substr(0, 0)) + OneLine(kOsv), "looks like an OSV entry"},
      {R"({"cveMetadata":{"cveId":"CVE-24-1","state":"PUBLISHED"},"containers":{"cna":{}}})", "is not a CVE ID"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"RESERVED"},"containers":{"cna":{}}})",
       "cveMetadata.state must be PUBLISHED or REJECTED"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"PUBLISHED","datePublished":"soon"},"containers":{"cna":{}}})",
       "cveMetadata.datePublished 'soon' is not a date-time"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"PUBLISHED"}})", "containers is required"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"PUBLISHED"},"containers":{"cna":{"affected":[{"vendor":7}]}}})",
       "containers.cna.affected[0].vendor must be a string"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"PUBLISHED"},"containers":{"cna":{"metrics":[{"cvssV3_1":{"baseScore":1}}]}}})",
       "containers.cna.metrics[0].cvssV3_1.vectorString is required"},
      {R"({"cveMetadata":{"cveId":"CVE-2024-1234","state":"PUBLISHED"},"containers":{"cna":{},"adp":[{"references":"x"}]}})",
       "containers.adp[0].references must be an array"},
      {"{\"cveMetadata\":{\"cveId\":\"CVE-2024-1234\",\"state\":\"PUBLISHED\"},\"containers\":{\"cna\":{\"title\":\"\xff\"}}}",
       "not valid JSON"},
  };
  for (const auto& c : cases) {
    auto r = ParseCveReference(c.line);
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << "line: " << c.line << "\nmessage: " << r.error().message;
  }
}

// Regression (found by fuzz/reference_search_fuzz): a number too large for a
// double made nlohmann throw out_of_range, not parse_error, and it escaped.
TEST(CveReferenceTest, NumberTooLargeIsABadLineNotACrash) {
  for (auto parse : {ParseCveReference, ParseOsvReference}) {
    auto r = parse(R"({"id":"GO-1","modified":"2024-01-01T00:00:00Z","x":1E400})");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos) << r.error().message;
  }
}

TEST(OsvReferenceTest, ReadsAndWritesTheKeptFields) {
  auto r = ParseOsvReference(OneLine(kOsv));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, "GO-2024-0001");
  EXPECT_EQ(r->kind, domain::RecordKind::kOsv);
  EXPECT_EQ(r->aliases, (std::vector<std::string>{"CVE-2024-0001", "GHSA-xxxx-yyyy-zzzz"}));
  EXPECT_EQ(r->Title(), "Request smuggling in net/http");
  ASSERT_EQ(r->affected.size(), 1u);
  EXPECT_EQ(r->affected[0].ecosystem, "Go");
  ASSERT_EQ(r->affected[0].ranges.size(), 1u);
  EXPECT_EQ(r->affected[0].ranges[0].events.back(), (std::pair<std::string, std::string>{"fixed", "1.4.3"}));
  const auto out = OsvReferenceToJson(*r);
  EXPECT_EQ(out["modified"], "0001-01-01T00:00:00Z");
  EXPECT_EQ(out["affected"][0]["ranges"][0]["events"][1]["fixed"], "1.4.3");
  EXPECT_FALSE(out.contains("credits"));  // not kept
}

TEST(OsvReferenceTest, BadEntriesSayWhatIsWrong) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {OneLine(kCve), "looks like a CVE record"},
      {R"({"id":"GO-1"})", "modified is required"},
      {R"({"id":"a/b","modified":"2024-01-01T00:00:00Z"})", "OSV id must be"},
      {R"({"id":"GO-1","modified":"2024-01-01T00:00:00Z","affected":[{"ranges":[{"type":"SEMVER","events":[{"removed":"1"}]}]}]})",
       "'removed' is not a range event"},
      {R"({"id":"GO-1","modified":"2024-01-01T00:00:00Z","aliases":[1]})", "aliases[0] must be a string"},
  };
  for (const auto& [line, part] : cases) {
    auto r = ParseOsvReference(line);
    ASSERT_FALSE(r.ok()) << line;
    EXPECT_NE(r.error().message.find(part), std::string::npos) << line << "\n" << r.error().message;
  }
}

// --- JSON Lines files ---------------------------------------------------------------------------

class JsonLinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cvdhub-jsonl-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& bytes) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static std::string Compress(const std::string& text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
  }
  // Every line of the file: (number, text or "<too long>").
  static std::vector<std::pair<std::int64_t, std::string>> ReadAll(const std::string& path, std::size_t max_line) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    auto reader = JsonLinesReader::Open(path, max_line);
    EXPECT_TRUE(reader.ok());
    if (!reader.ok()) return out;
    while (true) {
      auto line = (*reader)->Next();
      EXPECT_TRUE(line.ok()) << line.error().message;
      if (!line.ok() || !*line) break;
      out.emplace_back((*line)->number, (*line)->too_long ? "<too long>" : std::string((*line)->text));
    }
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(JsonLinesTest, PlainAndZstdReadTheSame) {
  std::string text;
  for (int i = 1; i <= 3000; ++i) text += "{\"n\":" + std::to_string(i) + ",\"pad\":\"" + std::string(500, 'x') + "\"}\n";
  const auto plain = Write("a.jsonl", text);
  const auto packed = Write("a.jsonl.zst", Compress(text));
  const auto a = ReadAll(plain, 1 << 20);
  const auto b = ReadAll(packed, 1 << 20);
  ASSERT_EQ(a.size(), 3000u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a[2999].first, 3000);
  EXPECT_EQ(a[2999].second.substr(0, 10), "{\"n\":3000,");
  auto reader = JsonLinesReader::Open(packed);
  ASSERT_TRUE(reader.ok());
  (void)(*reader)->Next();
  EXPECT_TRUE((*reader)->compressed());
  EXPECT_EQ((*reader)->file_size(), std::filesystem::file_size(packed));
}

TEST_F(JsonLinesTest, DetectsCompressionByContentNotName) {
  const auto path = Write("misleading.jsonl", Compress("{\"a\":1}\n{\"b\":2}\n"));
  EXPECT_EQ(ReadAll(path, 1024), (std::vector<std::pair<std::int64_t, std::string>>{{1, "{\"a\":1}"}, {2, "{\"b\":2}"}}));
}

TEST_F(JsonLinesTest, CrlfBomBlankAndMissingFinalNewline) {
  const auto path = Write("x.jsonl", "\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}");
  EXPECT_EQ(ReadAll(path, 1024),
            (std::vector<std::pair<std::int64_t, std::string>>{{1, "{\"a\":1}"}, {2, ""}, {3, "{\"b\":2}"}}));
}

TEST_F(JsonLinesTest, OverlongLineIsFlaggedAndTheRestIsRead) {
  const auto path = Write("long.jsonl", "{\"a\":1}\n" + std::string(5000, 'y') + "\n{\"c\":3}\n");
  EXPECT_EQ(ReadAll(path, 1000), (std::vector<std::pair<std::int64_t, std::string>>{
                                      {1, "{\"a\":1}"}, {2, "<too long>"}, {3, "{\"c\":3}"}}));
}

TEST_F(JsonLinesTest, TruncatedOrCorruptZstdIsAnError) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  const std::string packed = Compress(text);
  for (const auto& [name, bytes, part] :
       {std::tuple{"cut.zst", packed.substr(0, packed.size() - 10), std::string("truncated")},
        std::tuple{"bad.zst", packed.substr(0, 8) + std::string(200, '\x55'), std::string("corrupt zstd data")}}) {
    auto reader = JsonLinesReader::Open(Write(name, bytes));
    ASSERT_TRUE(reader.ok());
    Error error;
    bool failed = false;
    while (true) {
      auto line = (*reader)->Next();
      if (!line.ok()) {
        error = line.error();
        failed = true;
        break;
      }
      if (!*line) break;
    }
    ASSERT_TRUE(failed) << name;
    EXPECT_NE(error.message.find(part), std::string::npos) << error.message;
  }
}

TEST_F(JsonLinesTest, MissingFileIsNamed) {
  auto reader = JsonLinesReader::Open((dir_ / "nope.jsonl").string());
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.error().message.find("nope.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace cvdhub::formats
