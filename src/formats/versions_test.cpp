#include "formats/versions.hpp"

#include <gtest/gtest.h>

#include "formats/purl.hpp"

namespace cvdhub::formats {
namespace {

struct RangeCase {
  std::string versions;
  std::string fixed_in;
  std::string vers;  // expected ToVers, or "" for nullopt
};

class VersionRangeTable : public ::testing::TestWithParam<RangeCase> {};

TEST_P(VersionRangeTable, ReadsTheShape) {
  const auto& c = GetParam();
  const auto r = ParseVersionRange(c.versions, c.fixed_in);
  if (c.vers.empty()) {
    EXPECT_FALSE(r.has_value()) << c.versions << " read as " << ToVers(*r);
  } else {
    ASSERT_TRUE(r.has_value()) << c.versions;
    EXPECT_EQ(ToVers(*r), c.vers) << c.versions;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, VersionRangeTable,
    ::testing::Values(
        RangeCase{"< 2.4.1", "", "vers:generic/<2.4.1"}, RangeCase{"<2.4.1", "", "vers:generic/<2.4.1"},
        RangeCase{"versions prior to 2.4.1", "", "vers:generic/<2.4.1"},
        RangeCase{"before 2.4.1", "", "vers:generic/<2.4.1"},
        RangeCase{"2.4.1 未満", "", "vers:generic/<2.4.1"}, RangeCase{"<= 2.4.0", "", "vers:generic/<=2.4.0"},
        RangeCase{"2.4.0 and earlier", "2.4.1", "vers:generic/<=2.4.0"},
        RangeCase{"2.4.0 およびそれ以前", "", "vers:generic/<=2.4.0"},
        RangeCase{"バージョン 2.4.0 およびそれ以前", "", "vers:generic/<=2.4.0"},
        RangeCase{"Ver.2.4.0 以前", "", "vers:generic/<=2.4.0"},
        RangeCase{"ver. 2.4.0 以前", "", "vers:generic/<=2.4.0"},
        RangeCase{">= 2.0.0, < 2.4.1", "", "vers:generic/>=2.0.0|<2.4.1"},
        RangeCase{">=2.0.0 <=2.4.0", "", "vers:generic/>=2.0.0|<=2.4.0"},
        RangeCase{"2.0.0 to 2.4.0", "", "vers:generic/>=2.0.0|<=2.4.0"},
        RangeCase{"2.0.0 - 2.4.0", "", "vers:generic/>=2.0.0|<=2.4.0"},
        RangeCase{"2.0.0 から 2.4.0 まで", "", "vers:generic/>=2.0.0|<=2.4.0"},
        RangeCase{"2.0.0 〜 2.4.0", "", "vers:generic/>=2.0.0|<=2.4.0"},
        RangeCase{"2.0.0 以上 2.4.1 未満", "", "vers:generic/>=2.0.0|<2.4.1"},
        RangeCase{"2.0.0 and later", "2.4.1", "vers:generic/>=2.0.0|<2.4.1"},
        RangeCase{"2.0.0 以降", "", "vers:generic/>=2.0.0"},
        RangeCase{"2.0.1, 2.0.2", "2.0.3", "vers:generic/2.0.1|2.0.2"},
        RangeCase{"2.0.1、2.0.2", "", "vers:generic/2.0.1|2.0.2"},
        RangeCase{"2.3.9", "", "vers:generic/2.3.9"}, RangeCase{"", "2.4.1", "vers:generic/<2.4.1"},
        RangeCase{"", "2.4.1 以降", "vers:generic/<2.4.1"}, RangeCase{"all versions", "", "vers:generic/*"},
        RangeCase{"すべてのバージョン", "3.0", "vers:generic/<3.0"}, RangeCase{"", "", ""},
        RangeCase{"ファームウェア 1.0 系", "", ""}, RangeCase{"the 2.x series", "", ""},
        RangeCase{"< 2.4.1 <script>", "", ""}));

TEST(VersionToken, NeedsADigitAndPlainCharacters) {
  EXPECT_TRUE(IsVersionToken("2.4.1"));
  EXPECT_TRUE(IsVersionToken("v1.2.0-rc.1+build.5"));
  EXPECT_TRUE(IsVersionToken("1:2.0~rc1-3"));
  EXPECT_FALSE(IsVersionToken("earlier"));
  EXPECT_FALSE(IsVersionToken("-1"));
  EXPECT_FALSE(IsVersionToken("2.4|3"));
  EXPECT_FALSE(IsVersionToken(""));
}

TEST(Semver, FollowsSemver2) {
  EXPECT_TRUE(IsSemver("1.2.3"));
  EXPECT_TRUE(IsSemver("v1.2.3-alpha.1+001"));
  EXPECT_FALSE(IsSemver("1.2"));
  EXPECT_FALSE(IsSemver("01.2.3"));
}

TEST(PackageUrl, ParsesComponents) {
  auto p = ParsePackageUrl("pkg:npm/%40openwidget/core@2.4.0?arch=x86#lib/index.js");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->type, "npm");
  EXPECT_EQ(p->namespace_, "@openwidget");
  EXPECT_EQ(p->name, "core");
  EXPECT_EQ(p->version, "2.4.0");
  EXPECT_EQ(p->qualifiers.at("arch"), "x86");
  EXPECT_EQ(p->subpath, "lib/index.js");
  EXPECT_EQ(p->Base(), "pkg:npm/%40openwidget/core");
  EXPECT_EQ(p->WithVersion("2.4.1"), "pkg:npm/%40openwidget/core@2.4.1");
}

TEST(PackageUrl, RejectsGarbageNamingThePart) {
  EXPECT_EQ(ParsePackageUrl("npm/lodash").error().message, "a package URL starts with \"pkg:\"");
  EXPECT_FALSE(ParsePackageUrl("pkg:npm").ok());
  EXPECT_FALSE(ParsePackageUrl("pkg:1np/x").ok());
  EXPECT_FALSE(ParsePackageUrl("pkg:npm/a b").ok());
  EXPECT_NE(ParsePackageUrl("pkg:npm/%zz").error().message.find("percent-escape"), std::string::npos);
  EXPECT_FALSE(ParsePackageUrl("pkg:maven/commons-io").ok());
  EXPECT_FALSE(ParsePackageUrl("pkg:npm/%").ok());
}

TEST(PackageUrl, OsvEcosystems) {
  auto osv = [](std::string_view purl) {
    auto p = ParsePackageUrl(purl);
    EXPECT_TRUE(p.ok()) << purl;
    auto pkg = OsvPackageOf(*p);
    return pkg ? pkg->ecosystem + " " + pkg->name : std::string("none");
  };
  EXPECT_EQ(osv("pkg:npm/%40scope/Name@1.0"), "npm @scope/name");
  EXPECT_EQ(osv("pkg:pypi/Django_Rest.Framework"), "PyPI django-rest-framework");
  EXPECT_EQ(osv("pkg:maven/org.apache.commons/commons-text@1.9"), "Maven org.apache.commons:commons-text");
  EXPECT_EQ(osv("pkg:golang/github.com/gothings/gothing"), "Go github.com/gothings/gothing");
  EXPECT_EQ(osv("pkg:cargo/serde"), "crates.io serde");
  EXPECT_EQ(osv("pkg:gem/rails"), "RubyGems rails");
  EXPECT_EQ(osv("pkg:composer/Laravel/Framework"), "Packagist laravel/framework");
  EXPECT_EQ(osv("pkg:deb/debian/openssl?distro=debian-12"), "Debian:12 openssl");
  EXPECT_EQ(osv("pkg:apk/alpine/openssl?distro=alpine-3.16.2"), "Alpine:v3.16 openssl");
  EXPECT_EQ(osv("pkg:apk/alpine/openssl"), "none");
  EXPECT_EQ(osv("pkg:generic/firmware"), "none");
}

}  // namespace
}  // namespace cvdhub::formats
