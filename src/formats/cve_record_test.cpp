#include "formats/cve_record.hpp"

#include <gtest/gtest.h>

#include "formats/export_test_fixture.hpp"

namespace cvdhub::formats {
namespace {

using nlohmann::json;
using testing::MultiVendorAdvisory;
using testing::SingleVendorAdvisory;

const CveCna kCna{.org_id = "8254265b-2729-46b6-b9e3-3dfca2d5bfca", .short_name = "jpcert"};

ExportConfig Config() {
  ExportConfig c;
  c.base_url = "https://cvd.example.org";
  return c;
}

TEST(CveRecord, PublishedRecordOfOneVulnerability) {
  auto r = CveRecord(MultiVendorAdvisory(), "CVE-2026-40001", Config(), kCna);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const json& rec = *r;
  EXPECT_EQ(rec["dataType"], "CVE_RECORD");
  EXPECT_EQ(rec["dataVersion"], "5.1");
  EXPECT_EQ(rec["cveMetadata"], json({{"cveId", "CVE-2026-40001"},
                                      {"assignerOrgId", kCna.org_id},
                                      {"assignerShortName", "jpcert"},
                                      {"state", "PUBLISHED"},
                                      {"datePublished", "2026-11-24T01:00:00Z"},
                                      {"dateUpdated", "2026-12-01T03:30:00Z"}}));
  const json& cna = rec["containers"]["cna"];
  EXPECT_EQ(cna["providerMetadata"]["orgId"], kCna.org_id);
  EXPECT_EQ(cna["providerMetadata"]["shortName"], "jpcert");
  EXPECT_EQ(cna["datePublic"], "2026-11-24T01:00:00Z");
  EXPECT_EQ(cna["title"], "Cross-site scripting");
  EXPECT_EQ(cna["descriptions"],
            json::array({{{"lang", "en"}, {"value", "Stored cross-site scripting."}},
                         {{"lang", "ja"}, {"value", "格納型クロスサイトスクリプティングの脆弱性。"}}}));
  EXPECT_EQ(cna["problemTypes"][0]["descriptions"][0]["cweId"], "CWE-79");
  EXPECT_EQ(cna["problemTypes"][0]["descriptions"][0]["type"], "CWE");
  ASSERT_EQ(cna["metrics"].size(), 2u);
  EXPECT_EQ(cna["metrics"][0]["cvssV3_1"]["baseScore"], 6.1);
  EXPECT_EQ(cna["metrics"][0]["cvssV3_1"]["baseSeverity"], "MEDIUM");
  EXPECT_EQ(cna["metrics"][1]["cvssV4_0"]["version"], "4.0");
  EXPECT_EQ(cna["metrics"][1]["cvssV4_0"]["vectorString"],
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N");
  EXPECT_EQ(
      cna["credits"][0],
      json({{"lang", "en"}, {"value", "Taro Yamada reported this vulnerability."}, {"type", "finder"}}));
  EXPECT_EQ(cna["references"][0], json({{"url", "https://cvd.example.org/advisories/JVNVU%2398765432"},
                                        {"name", "JVNVU#98765432"},
                                        {"tags", json::array({"third-party-advisory"})}}));
  EXPECT_EQ(cna["references"][1]["tags"], json::array({"vendor-advisory"}));
}

TEST(CveRecord, AffectedVersionsFromTheProducts) {
  auto r = CveRecord(MultiVendorAdvisory(), "CVE-2026-40001", Config(), kCna);
  ASSERT_TRUE(r.ok());
  const json& affected = (*r)["containers"]["cna"]["affected"];
  // "2.4.0 およびそれ以前", fixed in 2.4.1 (semver).
  EXPECT_EQ(affected[0]["vendor"], "OpenWidget Project");
  EXPECT_EQ(affected[0]["product"], "OpenWidget");
  EXPECT_EQ(affected[0]["cpes"], json::array({"cpe:2.3:a:openwidget:openwidget:*:*:*:*:*:*:*:*"}));
  EXPECT_EQ(
      affected[0]["versions"],
      json::array(
          {{{"version", "0"}, {"status", "affected"}, {"versionType", "semver"}, {"lessThan", "2.4.1"}},
           {{"version", "2.4.1"}, {"status", "unaffected"}, {"lessThan", "*"}, {"versionType", "semver"}}}));
  // PyPI package: python version type.
  EXPECT_EQ(
      affected[1]["versions"][0],
      json({{"version", "1.0.0"}, {"status", "affected"}, {"versionType", "python"}, {"lessThan", "1.3.2"}}));
  // Versions that do not read as a range: unknown, never a guess.
  EXPECT_EQ(affected[2]["vendor"], "Sample Electric");
  EXPECT_FALSE(affected[2].contains("versions"));
  EXPECT_EQ(affected[2]["defaultStatus"], "unknown");
  // A list of versions.
  EXPECT_EQ(affected[3]["versions"], json::array({{{"version", "v1.2.0"}, {"status", "affected"}},
                                                  {{"version", "v1.2.1"}, {"status", "affected"}}}));
  // Vendors without product rows: not affected → unaffected, investigating → unknown.
  EXPECT_EQ(affected[4],
            json({{"vendor", "NotAffected Inc."}, {"product", "products"}, {"defaultStatus", "unaffected"}}));
  EXPECT_EQ(affected[5]["defaultStatus"], "unknown");
}

TEST(CveRecord, RefusesWhatIsNotOurs) {
  auto other = CveRecord(MultiVendorAdvisory(), "CVE-2025-11111", Config(), kCna);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
  EXPECT_NE(other.error().message.find("another CNA (GitHub)"), std::string::npos);
  auto missing = CveRecord(MultiVendorAdvisory(), "CVE-2026-99999", Config(), kCna);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(CveRecord, NeedsEnglish) {
  auto p = SingleVendorAdvisory();
  p.advisory.sections.overview.en.clear();
  auto r = CveRecord(p, "CVE-2026-40003", Config(), kCna);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  // With the overview translated, the overview is the description; v3.0 stays v3.0.
  auto ok = CveRecord(SingleVendorAdvisory(), "CVE-2026-40003", Config(), kCna);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)["containers"]["cna"]["descriptions"][0]["value"],
            "The routers contain an OS command injection vulnerability.");
  EXPECT_EQ((*ok)["containers"]["cna"]["metrics"][0]["cvssV3_0"]["version"], "3.0");
}

TEST(CveRecord, LongTextIsCutToTheSchemaLimit) {
  auto p = SingleVendorAdvisory();
  p.advisory.vulnerabilities[0].description.en = std::string(5000, 'a');
  p.advisory.vulnerabilities[0].title.en = std::string(300, 'b');
  auto r = CveRecord(p, "CVE-2026-40003", Config(), kCna);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["containers"]["cna"]["descriptions"][0]["value"].get<std::string>().size(), 4095u + 3u);
  EXPECT_EQ((*r)["containers"]["cna"]["title"].get<std::string>().size(), 255u + 3u);
  EXPECT_EQ(TruncateUtf8("日本語テキスト", 3), "日本…");
  EXPECT_EQ(TruncateUtf8("日本", 2), "日本");
  EXPECT_EQ(TruncateUtf8("abc", 0), "");
}

}  // namespace
}  // namespace cvdhub::formats
