#include "formats/csaf.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "formats/export_test_fixture.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using nlohmann::json;
using testing::MultiVendorAdvisory;
using testing::SingleVendorAdvisory;

ExportConfig Config() {
  ExportConfig c;
  c.base_url = "https://cvd.example.org";
  c.publisher_name = "Example Coordination Center";
  return c;
}

// Every full_product_name in the tree: product id → name.
void CollectProducts(const json& branches, std::map<std::string, std::string>& out,
                     std::vector<std::string>* version_names = nullptr) {
  for (const auto& b : branches) {
    if (b.contains("product")) out[b["product"]["product_id"]] = b["product"]["name"];
    if (version_names && b["category"] == "product_version") version_names->push_back(b["name"]);
    if (b.contains("branches")) CollectProducts(b["branches"], out, version_names);
  }
}

// The product names (full_product_name) of `ids`.
std::set<std::string> Names(const json& ids, const std::map<std::string, std::string>& products) {
  std::set<std::string> out;
  for (const auto& id : ids) out.insert(products.at(id.get<std::string>()));
  return out;
}

TEST(CsafDocument, TrackingFollowsPublicationAndUpdates) {
  const json doc = CsafDocument(MultiVendorAdvisory(), Config(), Language::kEn);
  const json& d = doc["document"];
  EXPECT_EQ(d["category"], "csaf_security_advisory");
  EXPECT_EQ(d["csaf_version"], "2.0");
  EXPECT_EQ(d["lang"], "en");
  EXPECT_EQ(d["source_lang"], "ja");
  EXPECT_EQ(d["publisher"], json({{"category", "coordinator"},
                                  {"name", "Example Coordination Center"},
                                  {"namespace", "https://cvd.example.org"}}));
  EXPECT_EQ(d["distribution"]["tlp"]["label"], "WHITE");
  const json& t = d["tracking"];
  EXPECT_EQ(t["id"], "JVNVU#98765432");
  EXPECT_EQ(t["status"], "final");
  EXPECT_EQ(t["initial_release_date"], "2026-11-24T01:00:00Z");
  EXPECT_EQ(t["current_release_date"], "2026-12-01T03:30:00Z");
  ASSERT_EQ(t["revision_history"].size(), 2u);
  EXPECT_EQ(t["revision_history"][0]["number"], "1");
  EXPECT_EQ(t["revision_history"][0]["summary"], "Initial public release");
  EXPECT_EQ(t["revision_history"][1]["number"], "2");
  EXPECT_EQ(t["revision_history"][1]["summary"], "Vendor information updated.");
  EXPECT_EQ(t["version"], "2");  // the last revision (mandatory test 6.1.16)
  EXPECT_EQ(d["title"], "OpenWidget <script> & \"quote\" 'escaping' flaws");
  // The canonical URL follows the CSAF file name rules.
  EXPECT_EQ(d["references"][0],
            json({{"category", "self"},
                  {"summary", "Canonical URL of this CSAF document"},
                  {"url", "https://cvd.example.org/.well-known/csaf/white/2026/jvnvu_98765432.json"}}));
  EXPECT_EQ(d["references"][1]["url"], "https://cvd.example.org/advisories/JVNVU%2398765432");
  // A Japanese URL becomes a valid URI.
  bool encoded = false;
  for (const auto& r : d["references"]) {
    if (r["url"] == "https://example.org/%E8%B3%87%E6%96%99?a=1&b=2") encoded = true;
  }
  EXPECT_TRUE(encoded);
  EXPECT_EQ(d["acknowledgments"][0]["summary"], "Taro Yamada reported this vulnerability.");
}

TEST(CsafDocument, JapaneseDocumentHasNoSourceLang) {
  const json doc = CsafDocument(MultiVendorAdvisory(), Config(), Language::kJa);
  EXPECT_EQ(doc["document"]["lang"], "ja");
  EXPECT_FALSE(doc["document"].contains("source_lang"));
  EXPECT_EQ(doc["document"]["tracking"]["revision_history"][1]["summary"], "ベンダ情報を更新しました。");
  EXPECT_EQ(doc["document"]["notes"][0]["text"], "OpenWidget には複数の脆弱性が存在します。");
  // Vendor branches use the Japanese names.
  EXPECT_EQ(doc["product_tree"]["branches"][1]["name"], "サンプル電機");
}

// The translation note of a document: its text, or empty when there is none.
std::string TranslationNote(const json& doc) {
  for (const auto& n : doc["document"]["notes"]) {
    if (n.value("title", "") == "Translation") return n["text"];
  }
  return {};
}

TEST(CsafDocument, EnglishDocumentNamesTheSectionsLeftInJapanese) {
  EXPECT_EQ(TranslationNote(CsafDocument(MultiVendorAdvisory(), Config(), Language::kEn)), "");

  auto partly = MultiVendorAdvisory();
  partly.advisory.sections.impact.en.clear();
  partly.advisory.sections.solution.en = "  ";
  partly.advisory.vulnerabilities.front().description.en.clear();
  const json en = CsafDocument(partly, Config(), Language::kEn);
  EXPECT_EQ(TranslationNote(en),
            "Not yet translated into English; given in Japanese: Impact, Solution, Vulnerability descriptions.");
  // The Japanese text stands in for the missing English.
  bool impact_in_japanese = false;
  for (const auto& n : en["document"]["notes"]) {
    impact_in_japanese |= n.value("title", "") == "Impact" && n["text"] == partly.advisory.sections.impact.ja;
  }
  EXPECT_TRUE(impact_in_japanese);
  // The Japanese document of the same advisory needs no such note.
  const json ja = CsafDocument(partly, Config(), Language::kJa);
  for (const auto& n : ja["document"]["notes"]) {
    EXPECT_NE(n.value("title", ""), "翻訳");
  }
}

TEST(CsafDocument, VendorStatusesMapToProductStatus) {
  const json doc = CsafDocument(MultiVendorAdvisory(), Config(), Language::kEn);
  std::map<std::string, std::string> products;
  std::vector<std::string> version_names;
  CollectProducts(doc["product_tree"]["branches"], products, &version_names);
  ASSERT_EQ(doc["vulnerabilities"].size(), 3u);
  const json& status = doc["vulnerabilities"][0]["product_status"];
  EXPECT_EQ(Names(status["known_affected"], products),
            (std::set<std::string>{"OpenWidget Project OpenWidget vers:generic/<=2.4.0",
                                   "OpenWidget Project openwidget-py vers:generic/>=1.0.0|<1.3.2",
                                   "Sample Electric Sample Router SR-100 ファームウェア 1.0 系",
                                   "Go Things gothing v1.2.0", "Go Things gothing v1.2.1"}));
  EXPECT_EQ(Names(status["fixed"], products),
            (std::set<std::string>{"OpenWidget Project OpenWidget 2.4.1", "Go Things gothing v1.2.2"}));
  EXPECT_EQ(Names(status["known_not_affected"], products),
            (std::set<std::string>{"NotAffected Inc. products"}));
  // Affected but still investigating: its other products; not affected but
  // investigating and information provided: all their products.
  EXPECT_EQ(Names(status["under_investigation"], products),
            (std::set<std::string>{"Sample Electric other products", "Investigating Ltd. products",
                                   "Informed Corp. products"}));
  // Every product has exactly one status (mandatory test 6.1.6) and every id is defined (6.1.1).
  std::multiset<std::string> seen;
  for (const auto& [key, ids] : status.items()) {
    for (const auto& id : ids) {
      seen.insert(id.get<std::string>());
      EXPECT_TRUE(products.contains(id.get<std::string>()));
    }
  }
  for (const auto& [id, name] : products) EXPECT_EQ(seen.count(id), 1u) << name;
  // No version range in a product_version name (mandatory test 6.1.31).
  for (const auto& name : version_names) {
    EXPECT_EQ(name.find_first_of("<>"), std::string::npos) << name;
  }
}

TEST(CsafDocument, IdentificationHelpersRemediationsFlagsScores) {
  const json doc = CsafDocument(MultiVendorAdvisory(), Config(), Language::kEn);
  const json& tree = doc["product_tree"]["branches"];
  // OpenWidget Project → OpenWidget → [range, fixed 2.4.1].
  const json& openwidget = tree[0]["branches"][0];
  EXPECT_EQ(tree[0]["category"], "vendor");
  EXPECT_EQ(openwidget["category"], "product_name");
  const json& range = openwidget["branches"][0];
  EXPECT_EQ(range["category"], "product_version_range");
  EXPECT_EQ(range["product"]["product_identification_helper"],
            json({{"cpe", "cpe:2.3:a:openwidget:openwidget:*:*:*:*:*:*:*:*"},
                  {"purl", "pkg:npm/%40openwidget/core"}}));
  const json& fixed = openwidget["branches"][1];
  EXPECT_EQ(fixed["category"], "product_version");
  EXPECT_EQ(fixed["product"]["product_identification_helper"],
            json({{"cpe", "cpe:2.3:a:openwidget:openwidget:2.4.1:*:*:*:*:*:*:*"},
                  {"purl", "pkg:npm/%40openwidget/core@2.4.1"}}));
  // The PyPI name is normalised by the purl rules.
  EXPECT_EQ(tree[0]["branches"][1]["branches"][0]["product"]["product_identification_helper"]["purl"],
            "pkg:pypi/openwidget-py");

  const json& v = doc["vulnerabilities"][0];
  EXPECT_EQ(v["cve"], "CVE-2026-40001");
  EXPECT_EQ(v["cwe"], json({{"id", "CWE-79"},
                            {"name",
                             "Improper Neutralization of Input During Web Page Generation ('Cross-site "
                             "Scripting')"}}));
  EXPECT_EQ(v["ids"], json::array({{{"system_name", "JVNVU"}, {"text", "JVNVU#98765432"}}}));
  ASSERT_EQ(v["scores"].size(), 1u);
  EXPECT_EQ(v["scores"][0]["cvss_v3"], json({{"version", "3.1"},
                                             {"vectorString", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"},
                                             {"baseScore", 6.1},
                                             {"baseSeverity", "MEDIUM"}}));
  // Scores never name fixed products (optional test 6.2.19).
  const auto& fixed_ids = v["product_status"]["fixed"];
  for (const auto& id : v["scores"][0]["products"]) {
    EXPECT_EQ(std::find(fixed_ids.begin(), fixed_ids.end(), id), fixed_ids.end());
  }
  std::map<std::string, json> by_category;
  for (const auto& r : v["remediations"]) by_category[r["category"]].push_back(r);
  ASSERT_TRUE(by_category.contains("vendor_fix"));
  bool openwidget_fix = false;
  for (const auto& r : by_category["vendor_fix"]) {
    if (r["details"] == "Update to 2.4.1 or later.") {
      openwidget_fix = true;
      EXPECT_EQ(r["url"], "https://openwidget.example/security/2026-1");
    }
  }
  EXPECT_TRUE(openwidget_fix);
  ASSERT_TRUE(by_category.contains("mitigation"));  // no fix recorded: the advisory's countermeasures
  EXPECT_EQ(by_category["mitigation"][0]["details"], "Update to the latest version.");
  // Every known_affected product has an action statement (VEX test 6.1.27.10).
  std::set<std::string> remediated;
  for (const auto& r : v["remediations"]) {
    for (const auto& id : r["product_ids"]) remediated.insert(id);
  }
  for (const auto& id : v["product_status"]["known_affected"]) EXPECT_TRUE(remediated.contains(id));
  EXPECT_EQ(v["flags"][0]["label"], "component_not_present");
  EXPECT_EQ(v["flags"][0]["product_ids"], v["product_status"]["known_not_affected"]);
  bool statement = false;
  for (const auto& t : v["threats"]) {
    if (t["details"] == "当社製品は該当するライブラリを使用していません。") statement = true;
  }
  EXPECT_TRUE(statement);
  // An unknown CWE is not given a made-up name: it becomes a note.
  const json& v2 = doc["vulnerabilities"][1];
  EXPECT_FALSE(v2.contains("cwe"));
  EXPECT_EQ(v2["notes"][1]["text"], "CWE-99999");
  // No CVSS vector: no scores.
  EXPECT_FALSE(doc["vulnerabilities"][2].contains("scores"));
}

TEST(CsafDocument, VexProfileAndDeterminism) {
  const auto p = MultiVendorAdvisory();
  const json vex = CsafDocument(p, Config(), Language::kEn, CsafProfile::kVex);
  EXPECT_EQ(vex["document"]["category"], "csaf_vex");
  EXPECT_EQ(DumpJson(CsafDocument(p, Config(), Language::kEn)),
            DumpJson(CsafDocument(p, Config(), Language::kEn)));
  EXPECT_EQ(DumpJson(json::object()), "{}\n");
}

TEST(CsafDocument, CvssV30VectorsKeepTheirVersion) {
  const json doc = CsafDocument(SingleVendorAdvisory(), Config(), Language::kEn);
  const json& cvss = doc["vulnerabilities"][0]["scores"][0]["cvss_v3"];
  EXPECT_EQ(cvss["version"], "3.0");
  EXPECT_EQ(cvss["baseScore"], 6.8);
  EXPECT_EQ(doc["vulnerabilities"][0]["cwe"]["name"],
            "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')");
}

TEST(CsafProvider, FileNamesAndDirectory) {
  EXPECT_EQ(CsafFileName("JVN#12345678"), "jvn_12345678.json");
  EXPECT_EQ(CsafFileName("JVNVU#98765432"), "jvnvu_98765432.json");
  EXPECT_EQ(CsafFileName("Example Company - 2019-YH3234"), "example_company_-_2019-yh3234.json");
  EXPECT_EQ(CsafFileName("rhba-2019:0024"), "rhba-2019_0024.json");
  // The year is that of the initial release in UTC (2026-01-01 01:00 JST is 2025).
  EXPECT_EQ(CsafPath(SingleVendorAdvisory()), "2025/jvn_12345678.json");
  const auto a = CsafEntryOf(MultiVendorAdvisory(), Language::kEn);
  const auto b = CsafEntryOf(SingleVendorAdvisory(), Language::kEn);
  EXPECT_EQ(CsafIndexTxt({a, b}), "2025/jvn_12345678.json\n2026/jvnvu_98765432.json\n");
  EXPECT_EQ(CsafChangesCsv({b, a}),
            "\"2026/jvnvu_98765432.json\",\"2026-12-01T03:30:00Z\"\n"
            "\"2025/jvn_12345678.json\",\"2025-12-31T16:00:00Z\"\n");
  const json feed = RolieFeed(Config(), {b, a}, /*signed_=*/true);
  ASSERT_EQ(feed["feed"]["entry"].size(), 2u);
  EXPECT_EQ(feed["feed"]["entry"][0]["id"], "JVNVU#98765432");
  EXPECT_EQ(feed["feed"]["entry"][0]["link"][3],
            json({{"rel", "signature"},
                  {"href", "https://cvd.example.org/.well-known/csaf/white/2026/jvnvu_98765432.json.asc"}}));
  EXPECT_EQ(feed["feed"]["updated"], "2026-12-01T03:30:00Z");
}

TEST(CsafProvider, MetadataRoleFollowsTheKey) {
  const json trusted = ProviderMetadata(Config(), testing::At(2026, 12, 1),
                                        ProviderKey{"0123456789ABCDEF0123456789ABCDEF01234567"});
  EXPECT_EQ(trusted["role"], "csaf_trusted_provider");
  EXPECT_EQ(trusted["canonical_url"], "https://cvd.example.org/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(trusted["public_openpgp_keys"][0]["url"],
            "https://cvd.example.org/.well-known/csaf/openpgp/0123456789ABCDEF0123456789ABCDEF01234567.asc");
  EXPECT_EQ(trusted["distributions"][0]["directory_url"], "https://cvd.example.org/.well-known/csaf/white/");
  EXPECT_EQ(trusted["last_updated"], "2026-12-01T00:00:00Z");
  const json plain = ProviderMetadata(Config(), testing::At(2026, 12, 1), std::nullopt);
  EXPECT_EQ(plain["role"], "csaf_provider");
  EXPECT_FALSE(plain.contains("public_openpgp_keys"));
}

}  // namespace
}  // namespace cvdhub::formats
