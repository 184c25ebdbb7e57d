#include "formats/osv.hpp"

#include <gtest/gtest.h>

#include "formats/export_test_fixture.hpp"

namespace cvdhub::formats {
namespace {

using nlohmann::json;
using testing::MultiVendorAdvisory;
using testing::SingleVendorAdvisory;

ExportConfig Config() {
  ExportConfig c;
  c.base_url = "https://cvd.example.org";
  return c;
}

TEST(OsvRecord, PackagesFromPackageUrls) {
  auto r = OsvRecord(MultiVendorAdvisory(), Config());
  ASSERT_TRUE(r.ok()) << r.error().message;
  const json& osv = *r;
  EXPECT_EQ(osv["id"], "x_JVNVU-98765432");
  EXPECT_EQ(osv["modified"], "2026-12-01T03:30:00Z");
  EXPECT_EQ(osv["published"], "2026-11-24T01:00:00Z");
  // Every CVE ID of the advisory, including one another CNA assigned.
  EXPECT_EQ(osv["aliases"], json::array({"CVE-2025-11111", "CVE-2026-40001", "CVE-2026-40002"}));
  EXPECT_EQ(osv["summary"], "OpenWidget <script> & \"quote\" 'escaping' flaws");
  // Only products with a purl of a known ecosystem: npm, PyPI and Go (the router has none).
  const json& affected = osv["affected"];
  ASSERT_EQ(affected.size(), 3u);
  EXPECT_EQ(
      affected[0]["package"],
      json({{"ecosystem", "npm"}, {"name", "@openwidget/core"}, {"purl", "pkg:npm/%40openwidget/core"}}));
  // "2.4.0 およびそれ以前" fixed in 2.4.1: the fix is the upper bound.
  EXPECT_EQ(affected[0]["ranges"],
            json::array({{{"type", "ECOSYSTEM"},
                          {"events", json::array({{{"introduced", "0"}}, {{"fixed", "2.4.1"}}})}}}));
  EXPECT_EQ(affected[0]["database_specific"]["affected_versions"], "2.4.0 およびそれ以前");
  EXPECT_EQ(affected[1]["package"]["ecosystem"], "PyPI");
  EXPECT_EQ(affected[1]["package"]["name"], "openwidget-py");
  EXPECT_EQ(affected[1]["ranges"][0]["events"],
            json::array({{{"introduced", "1.0.0"}}, {{"fixed", "1.3.2"}}}));
  EXPECT_EQ(affected[2]["package"]["ecosystem"], "Go");
  EXPECT_EQ(affected[2]["versions"], json::array({"1.2.0", "1.2.1"}));  // Go: SemVer without "v"
  // The highest v3 vector and the v4 vector.
  EXPECT_EQ(osv["severity"],
            json::array({{{"type", "CVSS_V3"}, {"score", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
                         {{"type", "CVSS_V4"},
                          {"score", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N"}}}));
  EXPECT_EQ(osv["references"][0],
            json({{"type", "ADVISORY"}, {"url", "https://cvd.example.org/advisories/JVNVU%2398765432"}}));
  EXPECT_EQ(osv["database_specific"]["identifier"], "JVNVU#98765432");
  EXPECT_EQ(osv["database_specific"]["cwe_ids"], json::array({"CWE-22", "CWE-79", "CWE-99999"}));
}

TEST(OsvRecord, GoRangesAreSemverWithoutV) {
  auto p = MultiVendorAdvisory();
  p.advisory.products[3].versions = ">= v1.2.0, < v1.2.2";
  auto r = OsvRecord(p, Config());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)["affected"][2]["ranges"],
            json::array({{{"type", "SEMVER"},
                          {"events", json::array({{{"introduced", "1.2.0"}}, {{"fixed", "1.2.2"}}})}}}));
}

TEST(OsvRecord, NotFoundWithoutPackageUrls) {
  auto r = OsvRecord(SingleVendorAdvisory(), Config());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("package URL"), std::string::npos);
  // A package of a not-affected vendor does not count either.
  auto p = SingleVendorAdvisory();
  p.advisory.products[0].purl = "pkg:npm/sr200-tools";
  p.vendors[0].status = domain::VendorStatus::kNotAffected;
  EXPECT_FALSE(OsvRecord(p, Config()).ok());
}

TEST(OsvRecord, IdsUseThePrivatePrefix) {
  EXPECT_EQ(OsvId("JVN#12345678"), "x_JVN-12345678");
  EXPECT_EQ(OsvId("JVNVU#98765432"), "x_JVNVU-98765432");
}

}  // namespace
}  // namespace cvdhub::formats
