#include "domain/registry.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cvdhub::domain {
namespace {

using namespace std::string_literals;

constexpr std::string_view kCpeShape =
    "a CPE must be a CPE 2.3 formatted string with 13 parts, e.g. cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*";
constexpr std::string_view kCpePart = "the CPE part must be a, o or h";
constexpr std::string_view kCpeNames = "the CPE vendor and product must be given";
constexpr std::string_view kCpeSpaces = "a CPE may not contain spaces";
constexpr std::string_view kPurlShape = "a package URL must look like pkg:type/namespace/name@version";
constexpr std::string_view kPurlName = "a package URL needs a type and a name, e.g. pkg:npm/lodash";

// ---------------------------------------------------------------- CPE

TEST(ValidateCpe, AcceptsCpe23FormattedStringsOfTheThreeParts) {
  // Products are identified by CPE 2.3 formatted strings for matching (G1, PROCESS §4.1).
  for (std::string_view good : {
           "cpe:2.3:a:example:cms:4.2.1:*:*:*:*:*:*:*",
           "cpe:2.3:a:example:cms:*:*:*:*:*:*:*:*",
           "cpe:2.3:o:linux:linux_kernel:6.1:*:*:*:*:*:*:*",
           "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*",
           "cpe:2.3:a:apache:http_server:2.4.58:*:*:*:*:*:*:*",
           "cpe:2.3:a:example:cms:4.2.1:beta:*:ja:*:wordpress:x64:*",
       }) {
    const Status st = ValidateCpe(good);
    EXPECT_TRUE(st.ok()) << good << ": " << st.error().message;
  }
}

TEST(ValidateCpe, RejectsMalformedCpesNamingTheProblem) {
  // A bad product identifier is refused with a message saying what is wrong (G1).
  const struct {
    std::string cpe;
    std::string_view message;
  } cases[] = {
      {"", kCpeShape},
      {"cpe:/a:example:cms:4.2.1", kCpeShape},                 // CPE 2.2 URI binding
      {"cpe:2.3:a:example:cms:*:*:*:*:*:*:*", kCpeShape},      // 12 parts
      {"cpe:2.3:a:example:cms:*:*:*:*:*:*:*:*:*", kCpeShape},  // 14 parts
      {"cpe:2.2:a:example:cms:*:*:*:*:*:*:*:*", kCpeShape},    // wrong version
      {"example:cms", kCpeShape},
      {"cpe:2.3:x:example:cms:*:*:*:*:*:*:*:*", kCpePart},
      {"cpe:2.3:*:example:cms:*:*:*:*:*:*:*:*", kCpePart},
      {"cpe:2.3:A:example:cms:*:*:*:*:*:*:*:*", kCpePart},
      {"cpe:2.3::example:cms:*:*:*:*:*:*:*:*", kCpePart},
      {"cpe:2.3:a::cms:*:*:*:*:*:*:*:*", kCpeNames},
      {"cpe:2.3:a:example::*:*:*:*:*:*:*:*", kCpeNames},
      {"cpe:2.3:a:exa mple:cms:*:*:*:*:*:*:*:*", kCpeSpaces},
      {"cpe:2.3:a:example:cms:4.2\t:*:*:*:*:*:*:*", kCpeSpaces},
      {"cpe:2.3:a:example:cms:*:*:*:*:*:*:*:*\n", kCpeSpaces},
      {"cpe:2.3:a:ex\xff" "ample:cms:*:*:*:*:*:*:*:*", "a CPE must be valid UTF-8"},
  };
  for (const auto& c : cases) {
    const Status st = ValidateCpe(c.cpe);
    ASSERT_FALSE(st.ok()) << "'" << c.cpe << "'";
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << c.cpe;
    EXPECT_EQ(st.error().field, "cpe") << c.cpe;
    EXPECT_EQ(st.error().message, c.message) << c.cpe;
  }
}

TEST(ValidateCpe, ATooLongCpeIsToldItIsTooLongNotThatItHasSpaces) {
  // Error messages name the problem (STYLE 4): a 1025-byte CPE has no space in it.
  const std::string cpe = "cpe:2.3:a:example:" + std::string(1100, 'p') + ":*:*:*:*:*:*:*:*";
  const Status st = ValidateCpe(cpe);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "cpe");
  EXPECT_NE(st.error().message, kCpeSpaces);
  EXPECT_NE(st.error().message.find("1024"), std::string::npos) << st.error().message;

  const std::string at_limit = "cpe:2.3:a:example:" + std::string(1024 - 18 - 16, 'p') + ":*:*:*:*:*:*:*:*";
  ASSERT_EQ(at_limit.size(), 1024u);
  EXPECT_TRUE(ValidateCpe(at_limit).ok());
}

TEST(CpeVendorProduct, ReturnsTheLowerCaseVendorAndProductFields) {
  // Matching compares CPE vendor and product ignoring case (PROCESS §4.1).
  const struct {
    std::string_view cpe;
    std::pair<std::string, std::string> want;
  } cases[] = {
      {"cpe:2.3:a:example:cms:4.2.1:*:*:*:*:*:*:*", {"example", "cms"}},
      {"cpe:2.3:a:Example:SampleCMS:*:*:*:*:*:*:*:*", {"example", "samplecms"}},
      {"cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*", {"linux", "linux_kernel"}},
      {"cpe:2.3:a:example:cms", {"example", "cms"}},
      {"cpe:2.3:a:example", {"", ""}},
      {"cpe:2.3", {"", ""}},
      {"", {"", ""}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CpeVendorProduct(c.cpe), c.want) << c.cpe;
  }
}

// ---------------------------------------------------------------- PURL

TEST(ValidatePurl, AcceptsPackageUrlsWithOrWithoutNamespaceVersionQualifiersAndSubpath) {
  // Open-source products are identified by package URL (G1, PROCESS §8 OSV).
  for (std::string_view good : {
           "pkg:npm/lodash",
           "pkg:npm/lodash@4.17.21",
           "pkg:npm/%40angular/core@17.0.0",
           "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
           "pkg:pypi/django@4.2?extension=tar.gz",
           "pkg:golang/github.com/gorilla/mux@v1.8.0#mux",
           "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
       }) {
    const Status st = ValidatePurl(good);
    EXPECT_TRUE(st.ok()) << good << ": " << st.error().message;
  }
}

TEST(ValidatePurl, RejectsMalformedPackageUrlsNamingTheProblem) {
  // A bad product identifier is refused with a message saying what is wrong (G1).
  const struct {
    std::string purl;
    std::string_view message;
  } cases[] = {
      {"", kPurlShape},
      {"npm/lodash", kPurlShape},
      {"https://www.npmjs.com/package/lodash", kPurlShape},
      {"pkg:npm/lo dash", kPurlShape},
      {"pkg:npm/lodash\n", kPurlShape},
      {"pkg:npm/\xff", kPurlShape},
      {"pkg:", kPurlName},
      {"pkg:lodash", kPurlName},
      {"pkg:/lodash", kPurlName},
      {"pkg:npm/", kPurlName},
  };
  for (const auto& c : cases) {
    const Status st = ValidatePurl(c.purl);
    ASSERT_FALSE(st.ok()) << "'" << c.purl << "'";
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << c.purl;
    EXPECT_EQ(st.error().field, "purl") << c.purl;
    EXPECT_EQ(st.error().message, c.message) << c.purl;
  }
}

TEST(ValidatePurl, ATooLongPackageUrlIsToldItIsTooLong) {
  // Error messages name the problem (STYLE 4): a well-shaped 1025-byte PURL is refused for its length.
  const std::string purl = "pkg:npm/" + std::string(1017, 'a');
  ASSERT_EQ(purl.size(), 1025u);
  const Status st = ValidatePurl(purl);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "purl");
  EXPECT_NE(st.error().message.find("1024"), std::string::npos) << st.error().message;
  EXPECT_TRUE(ValidatePurl(purl.substr(0, 1024)).ok());
}

TEST(PurlBase, DropsVersionQualifiersAndSubpathAndLowerCases) {
  // A package is matched by type/namespace/name, whatever version the report names (PROCESS §4.1).
  const struct {
    std::string_view purl;
    std::string_view want;
  } cases[] = {
      {"pkg:npm/lodash", "npm/lodash"},
      {"pkg:npm/lodash@4.17.21", "npm/lodash"},
      {"pkg:npm/%40scope/name@1.0", "npm/%40scope/name"},
      {"pkg:npm/%40Scope/Name@1.0.0-beta.1", "npm/%40scope/name"},
      {"pkg:npm/%40scope/name", "npm/%40scope/name"},
      {"pkg:npm/@scope/name@1.0", "npm/@scope/name"},
      {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar",
       "maven/org.apache.logging.log4j/log4j-core"},
      {"pkg:pypi/Django@4.2#src/django", "pypi/django"},
      {"pkg:golang/github.com/gorilla/mux@v1.8.0?goarch=amd64#pkg/sub", "golang/github.com/gorilla/mux"},
      {"pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", "deb/debian/curl"},
      {"pkg:docker/library/nginx@sha256%3A0123abcd", "docker/library/nginx"},
      {"pkg:npm/name?repository_url=https://registry.example/u@x/y", "npm/name"},
      {"pkg:npm/name#lib/a@b", "npm/name"},
      {"pkg:NPM/LoDash", "npm/lodash"},
      {"npm/lodash@1.0", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(PurlBase(c.purl), c.want) << c.purl;
  }
}

// ---------------------------------------------------------------- RankVendors

VendorProfile Profile(std::int64_t id, std::string name,
                      RegistrationType reg = RegistrationType::kIndividual) {
  VendorProfile p;
  p.vendor.id = id;
  p.vendor.name = std::move(name);
  p.vendor.registration = reg;
  return p;
}

VendorProduct Product(std::string name, std::string cpe = "", std::string purl = "") {
  return {.name = std::move(name), .cpe = std::move(cpe), .purl = std::move(purl)};
}

TEST(RankVendors, AnExactCpeOutranksAVendorOnlyCpeMatch) {
  // The coordinator matches the report's product against the registry's products (PROCESS §4.1).
  VendorProfile exact = Profile(1, "Vendor One");
  exact.products = {Product("Widget Pro", "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*")};
  VendorProfile vendor_only = Profile(2, "Vendor Two");
  vendor_only.products = {Product("Gadget", "cpe:2.3:a:acme:gadget:1.0:*:*:*:*:*:*:*")};
  VendorProfile other = Profile(3, "Vendor Three");
  other.products = {Product("Other Widget", "cpe:2.3:a:other:widget:*:*:*:*:*:*:*:*")};
  VendorProfile purl_only = Profile(4, "Vendor Four");
  purl_only.products = {Product("acme-widget", "", "pkg:npm/acme/widget")};

  const MatchQuery q{.product_ids = {"cpe:2.3:a:ACME:Widget:2.0:*:*:*:*:*:*:*"}};
  const auto ranked = RankVendors(q, {other, vendor_only, purl_only, exact});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].vendor_id, 1);
  EXPECT_EQ(ranked[0].vendor_name, "Vendor One");
  EXPECT_EQ(ranked[0].score, 100);
  EXPECT_EQ(ranked[0].reasons, (std::vector<std::string>{"CPE acme:widget matches product 'Widget Pro'"}));
  EXPECT_EQ(ranked[1].vendor_id, 2);
  EXPECT_EQ(ranked[1].score, 50);
  EXPECT_EQ(ranked[1].reasons, (std::vector<std::string>{"CPE vendor 'acme' matches product 'Gadget'"}));
}

// Regression: points of one kind were summed over products, so a vendor with
// three products sharing only the CPE vendor (3 × 50) outranked the owner of
// the exact CPE (100).
TEST(RankVendors, ManyVendorOnlyCpeMatchesDoNotOutrankOneExactMatch) {
  VendorProfile exact = Profile(1, "Vendor One");
  exact.products = {Product("Widget", "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*")};
  VendorProfile many = Profile(2, "Vendor Two");
  many.products = {Product("A", "cpe:2.3:a:acme:a:*:*:*:*:*:*:*:*"), Product("B", "cpe:2.3:a:acme:b:*:*:*:*:*:*:*:*"),
                   Product("C", "cpe:2.3:a:acme:c:*:*:*:*:*:*:*:*")};
  const MatchQuery q{.product_ids = {"cpe:2.3:a:acme:widget:1.0:*:*:*:*:*:*:*"}};
  const auto ranked = RankVendors(q, {many, exact});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].vendor_id, 1);
  EXPECT_EQ(ranked[0].score, 100);
  EXPECT_EQ(ranked[1].score, 50);
  EXPECT_EQ(ranked[1].reasons.size(), 3u) << "every match is still given as a reason";
}

TEST(RankVendors, AnExactPackageUrlMatchesWhateverTheVersionAndASharedNamespaceScoresLess) {
  // PURL type/namespace/name identifies the package (PROCESS §4.1); the version does not matter.
  VendorProfile exact = Profile(1, "Vendor One");
  exact.products = {Product("Widget", "", "pkg:npm/%40acme/widget")};
  VendorProfile same_scope = Profile(2, "Vendor Two");
  same_scope.products = {Product("Other", "", "pkg:npm/%40acme/other@3.0.0")};
  VendorProfile no_namespace = Profile(3, "Vendor Three");
  no_namespace.products = {Product("Plain", "", "pkg:npm/widget")};
  VendorProfile other_type = Profile(4, "Vendor Four");
  other_type.products = {Product("PyWidget", "", "pkg:pypi/widget")};
  VendorProfile cpe_only = Profile(5, "Vendor Five");
  cpe_only.products = {Product("Widget", "cpe:2.3:a:acme:widget:*:*:*:*:*:*:*:*")};

  const MatchQuery q{.product_ids = {"pkg:npm/%40acme/widget@2.0.1?foo=bar#lib"}};
  const auto ranked = RankVendors(q, {no_namespace, other_type, same_scope, cpe_only, exact});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].vendor_id, 1);
  EXPECT_EQ(ranked[0].score, 100);
  EXPECT_EQ(ranked[0].reasons,
            (std::vector<std::string>{"package URL npm/%40acme/widget matches product 'Widget'"}));
  EXPECT_EQ(ranked[1].vendor_id, 2);
  EXPECT_EQ(ranked[1].score, 40);
  EXPECT_EQ(ranked[1].reasons,
            (std::vector<std::string>{"package namespace npm/%40acme matches product 'Other'"}));
}

TEST(RankVendors, AnEqualProductNameOutranksAResemblingOne) {
  // Product names from the report are matched against registered products (PROCESS §4.1).
  VendorProfile equal = Profile(1, "Vendor One");
  equal.products = {Product("samplecms")};
  VendorProfile longer = Profile(2, "Vendor Two");
  longer.products = {Product("SampleCMS Enterprise")};
  VendorProfile shorter = Profile(3, "Vendor Three");
  shorter.products = {Product("CMS")};
  VendorProfile too_short = Profile(4, "Vendor Four");
  too_short.products = {Product("Sa")};
  VendorProfile unrelated = Profile(5, "Vendor Five");
  unrelated.products = {Product("Photo Gallery")};

  const MatchQuery q{.product_name = "SampleCMS"};
  const auto ranked = RankVendors(q, {unrelated, too_short, shorter, longer, equal});
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].vendor_id, 1);
  EXPECT_EQ(ranked[0].score, 80);
  EXPECT_EQ(ranked[0].reasons, (std::vector<std::string>{"product name 'samplecms' matches"}));
  // Equal scores: by name, "Vendor Three" < "Vendor Two".
  EXPECT_EQ(ranked[1].vendor_id, 3);
  EXPECT_EQ(ranked[1].score, 40);
  EXPECT_EQ(ranked[1].reasons, (std::vector<std::string>{"product name 'CMS' resembles 'SampleCMS'"}));
  EXPECT_EQ(ranked[2].vendor_id, 2);
  EXPECT_EQ(ranked[2].score, 40);
  EXPECT_EQ(ranked[2].reasons,
            (std::vector<std::string>{"product name 'SampleCMS Enterprise' resembles 'SampleCMS'"}));
}

TEST(RankVendors, TheVendorsNameInTheProductNameOrUrlCountsOnce) {
  // Registry names are matched against the product (PROCESS §4.1), Japanese or English name alike.
  VendorProfile by_name = Profile(1, "ACME");
  VendorProfile by_name_en = Profile(2, "アクメ電機");
  by_name_en.vendor.name_en = "Acme";
  VendorProfile both = Profile(3, "Acme");
  both.vendor.name_en = "Acme";
  VendorProfile in_url = Profile(4, "Routerworks");
  VendorProfile too_short = Profile(5, "Ac");
  VendorProfile other = Profile(6, "Globex");

  const MatchQuery q{.product_name = "Acme Router Firmware",
                     .product_url = "https://downloads.routerworks.test/fw"};
  const auto ranked = RankVendors(q, {other, too_short, in_url, both, by_name_en, by_name});
  ASSERT_EQ(ranked.size(), 4u);
  const struct {
    std::int64_t id;
    std::string reason;
  } want[] = {
      {3, "vendor name 'Acme' appears in the product"},
      {1, "vendor name 'ACME' appears in the product"},
      {4, "vendor name 'Routerworks' appears in the product"},
      {2, "vendor name 'Acme' appears in the product"},
  };
  // All score 50; ties break by name: "ACME" < "Acme" < "Routerworks" < "アクメ電機" (byte order).
  const std::vector<std::int64_t> order = {1, 3, 4, 2};
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    EXPECT_EQ(ranked[i].vendor_id, order[i]) << i;
    EXPECT_EQ(ranked[i].score, 50) << i;
    for (const auto& w : want) {
      if (w.id == ranked[i].vendor_id) {
        EXPECT_EQ(ranked[i].reasons, std::vector<std::string>{w.reason}) << w.id;
      }
    }
  }
}

TEST(RankVendors, TheProductSitesDomainMatchesTheVendorsContactDomain) {
  // The product page's host is the vendor's own domain (PROCESS §4.1): exact or a subdomain.
  VendorProfile parent = Profile(1, "Vendor One");
  parent.vendor.contact_email = "psirt@Example.JP";
  VendorProfile exact_contact = Profile(2, "Vendor Two");
  exact_contact.contacts = {{.name = "PSIRT", .email = "sec@cms.example.jp"}};
  VendorProfile both = Profile(3, "Vendor Three");
  both.vendor.contact_email = "psirt@example.jp";
  both.contacts = {{.name = "PSIRT", .email = "a@example.jp"}, {.name = "B", .email = "b@cms.example.jp"}};
  VendorProfile lookalike = Profile(4, "Vendor Four");
  lookalike.vendor.contact_email = "psirt@notexample.jp";
  VendorProfile suffix_only = Profile(5, "Vendor Five");
  suffix_only.vendor.contact_email = "psirt@le.jp";
  VendorProfile deeper = Profile(6, "Vendor Six");
  deeper.vendor.contact_email = "psirt@eu.cms.example.jp";

  const MatchQuery q{.product_url = "https://www.cms.example.jp/download?x=1"};
  const auto ranked = RankVendors(q, {deeper, suffix_only, lookalike, both, exact_contact, parent});
  ASSERT_EQ(ranked.size(), 3u);
  const std::vector<std::int64_t> ids = {ranked[0].vendor_id, ranked[1].vendor_id, ranked[2].vendor_id};
  EXPECT_EQ(ids, (std::vector<std::int64_t>{1, 3, 2})) << "equal scores, by name: One, Three, Two";
  for (const auto& c : ranked) {
    EXPECT_EQ(c.score, 30) << c.vendor_name << ": a domain counts once";
    EXPECT_EQ(c.reasons, std::vector<std::string>{"product site cms.example.jp is the vendor's domain"});
  }

  const MatchQuery no_url{.product_name = "x"};
  EXPECT_TRUE(RankVendors(no_url, {parent, exact_contact}).empty()) << "no URL, no domain match";
}

TEST(RankVendors, KeywordAnswersCountOnlyForGeneralRegistrations) {
  // A general registration receives anything that may concern it by its keyword answers;
  // an individual registration only its own products (G1).
  VendorProfile general = Profile(1, "General One", RegistrationType::kGeneral);
  general.keywords = {"openssl", "zlib"};
  VendorProfile general_two = Profile(2, "General Two", RegistrationType::kGeneral);
  general_two.keywords = {"LIBXML2", "OpenSSL"};
  VendorProfile individual = Profile(3, "Individual", RegistrationType::kIndividual);
  individual.keywords = {"openssl", "libxml2"};
  VendorProfile no_match = Profile(4, "General Three", RegistrationType::kGeneral);
  no_match.keywords = {"zlib", "openssl3"};

  const MatchQuery q{.keywords = {"OpenSSL", "libxml2"}};
  const auto ranked = RankVendors(q, {individual, no_match, general, general_two});
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].vendor_id, 2);
  EXPECT_EQ(ranked[0].score, 40);
  EXPECT_EQ(ranked[0].reasons,
            (std::vector<std::string>{"technology keyword 'LIBXML2'", "technology keyword 'OpenSSL'"}));
  EXPECT_EQ(ranked[1].vendor_id, 1);
  EXPECT_EQ(ranked[1].score, 20);
  EXPECT_EQ(ranked[1].reasons, (std::vector<std::string>{"technology keyword 'openssl'"}));
}

TEST(RankVendors, ScoresAddUpAndRankBestFirstThenByNameLeavingOutNonMatches) {
  // Candidates best first; ties by name; vendors that match nothing are not candidates (PROCESS §4.1).
  VendorProfile all = Profile(10, "Zeta", RegistrationType::kGeneral);
  all.vendor.contact_email = "psirt@zeta.example";
  all.products = {Product("Zeta CMS", "cpe:2.3:a:zeta:zeta_cms:*:*:*:*:*:*:*:*")};
  all.keywords = {"php"};
  VendorProfile beta = Profile(11, "Beta");
  beta.products = {Product("Zeta CMS Plugin", "cpe:2.3:a:zeta:plugin:*:*:*:*:*:*:*:*")};
  VendorProfile alpha = Profile(12, "Alpha");
  alpha.products = {Product("CMS Zeta", "cpe:2.3:a:zeta:cms_zeta:*:*:*:*:*:*:*:*")};
  VendorProfile none = Profile(13, "Aaa Unrelated", RegistrationType::kGeneral);
  none.products = {Product("Spreadsheet", "cpe:2.3:a:aaa:sheet:*:*:*:*:*:*:*:*")};
  none.keywords = {"java"};

  const MatchQuery q{.product_name = "Zeta CMS",
                     .product_url = "https://www.zeta.example/cms",
                     .product_ids = {"cpe:2.3:a:zeta:zeta_cms:5.1:*:*:*:*:*:*:*"},
                     .keywords = {"PHP", "MySQL"}};
  const auto ranked = RankVendors(q, {none, beta, alpha, all});
  ASSERT_EQ(ranked.size(), 3u);

  EXPECT_EQ(ranked[0].vendor_id, 10);
  EXPECT_EQ(ranked[0].score, 100 + 80 + 50 + 30 + 20);
  EXPECT_EQ(ranked[0].reasons, (std::vector<std::string>{
                                   "CPE zeta:zeta_cms matches product 'Zeta CMS'",
                                   "product name 'Zeta CMS' matches",
                                   "vendor name 'Zeta' appears in the product",
                                   "product site zeta.example is the vendor's domain",
                                   "technology keyword 'php'",
                               }));
  // Beta and Alpha both: CPE vendor 50 + resemblance 40 ("Zeta CMS" occurs in "Zeta CMS Plugin";
  // "CMS Zeta" does not occur in "Zeta CMS", nor the reverse, so Alpha has the CPE vendor only).
  EXPECT_EQ(ranked[1].vendor_id, 11);
  EXPECT_EQ(ranked[1].score, 90);
  EXPECT_EQ(ranked[1].reasons, (std::vector<std::string>{
                                   "CPE vendor 'zeta' matches product 'Zeta CMS Plugin'",
                                   "product name 'Zeta CMS Plugin' resembles 'Zeta CMS'",
                               }));
  EXPECT_EQ(ranked[2].vendor_id, 12);
  EXPECT_EQ(ranked[2].score, 50);
  EXPECT_EQ(ranked[2].reasons, (std::vector<std::string>{"CPE vendor 'zeta' matches product 'CMS Zeta'"}));

  EXPECT_TRUE(RankVendors(MatchQuery{}, {none, beta, alpha, all}).empty())
      << "an empty query matches nothing";
  EXPECT_TRUE(RankVendors(q, {}).empty());
}

}  // namespace
}  // namespace cvdhub::domain
