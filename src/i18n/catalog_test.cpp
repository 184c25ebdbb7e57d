#include "i18n/catalog.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "domain/report.hpp"
#include "domain/roles.hpp"

namespace cvdhub::i18n {
namespace {

using domain::Language;

std::set<std::string> Keys(const Catalog& c, Language lang) {
  std::set<std::string> out;
  for (const auto& [k, v] : c.Strings(lang)) out.insert(k);
  return out;
}

TEST(Catalog, CompiledInCataloguesHaveIdenticalKeySets) {
  const Catalog& c = Catalog::Default();
  const auto ja = Keys(c, Language::kJa);
  const auto en = Keys(c, Language::kEn);
  EXPECT_GT(ja.size(), 50u) << "the compiled-in catalogue looks empty";
  EXPECT_EQ(ja, en);
}

TEST(Catalog, NoCompiledInValueIsEmpty) {
  // Every user-visible string exists in both languages (never a blank page element).
  const Catalog& c = Catalog::Default();
  for (Language lang : {Language::kJa, Language::kEn}) {
    for (const auto& [k, v] : c.Strings(lang)) {
      EXPECT_FALSE(v.empty()) << domain::LanguageCode(lang) << " " << k;
    }
  }
}

TEST(Catalog, NoKeyIsBothALeafAndAPrefixOfAnotherKey) {
  // Templates resolve {{t.a.b}} through nested maps built from the dotted keys,
  // so "a.b" (a string) and "a.b.c" (making "a.b" a map) cannot both exist.
  const Catalog& c = Catalog::Default();
  for (Language lang : {Language::kJa, Language::kEn}) {
    const auto keys = Keys(c, lang);
    for (const auto& key : keys) {
      EXPECT_FALSE(key.empty()) << domain::LanguageCode(lang);
      EXPECT_FALSE(key.starts_with(".") || key.ends_with(".") || key.find("..") != std::string::npos)
          << "malformed key '" << key << "'";
      // Any key that extends `key` by a dot sorts directly after `key` + "." in the set.
      auto it = keys.lower_bound(key + ".");
      if (it != keys.end()) {
        EXPECT_FALSE(it->starts_with(key + ".")) << domain::LanguageCode(lang) << ": '" << key
                                                 << "' is a leaf and a prefix of '" << *it << "'";
      }
    }
  }
}

TEST(Catalog, EveryEnumValueHasItsEntryInBothLanguages) {
  const Catalog& c = Catalog::Default();
  std::vector<std::string> keys;
  for (auto reason : domain::AllDeclineReasons()) {
    keys.push_back("decline." + std::string(domain::DeclineReasonName(reason)));
  }
  for (auto role : {domain::Role::kFinder, domain::Role::kIntakeAnalyst, domain::Role::kCoordinator,
                    domain::Role::kLeadCoordinator, domain::Role::kVendor, domain::Role::kRelatedOrg,
                    domain::Role::kCriticalInfra, domain::Role::kCommittee, domain::Role::kWebsiteOperator,
                    domain::Role::kAdmin}) {
    keys.push_back("role." + std::string(domain::RoleName(role)));
  }
  for (auto status : {domain::ReportStatus::kReceived, domain::ReportStatus::kAcknowledged,
                      domain::ReportStatus::kAccepted, domain::ReportStatus::kDeclined}) {
    keys.push_back("status." + std::string(domain::ReportStatusName(status)));
  }
  for (auto kind : {domain::ReportKind::kSoftware, domain::ReportKind::kWebsite}) {
    keys.push_back("kind." + std::string(domain::ReportKindName(kind)));
  }
  ASSERT_EQ(keys.size(), 10u + 10u + 4u + 2u);
  for (const auto& key : keys) {
    EXPECT_FALSE(key.ends_with(".unknown")) << key;
    for (Language lang : {Language::kJa, Language::kEn}) {
      EXPECT_TRUE(c.Strings(lang).contains(key)) << domain::LanguageCode(lang) << " lacks " << key;
    }
  }
}

TEST(Catalog, FinderMessagesCarryThePlaceholdersTheUseCasesFill) {
  // The finder is told the decision with the reason (P-B, B).
  const Catalog& c = Catalog::Default();
  const struct {
    const char* key;
    std::vector<std::string> placeholders;
  } cases[] = {
      {"finder.msg.acknowledged", {"{intake_number}"}},
      {"finder.msg.accepted", {"{intake_number}", "{identifier}"}},
      {"finder.msg.accepted_website", {"{intake_number}", "{identifier}"}},
      {"finder.msg.declined", {"{intake_number}", "{reason}"}},
  };
  for (const auto& m : cases) {
    for (Language lang : {Language::kJa, Language::kEn}) {
      const std::string text(c.Get(lang, m.key));
      for (const auto& p : m.placeholders) {
        EXPECT_NE(text.find(p), std::string::npos) << domain::LanguageCode(lang) << " " << m.key << " lacks " << p;
      }
    }
  }
}

// ---------------------------------------------------------------- Get / Format

Catalog Small() {
  auto c = Catalog::Parse(
      R"({"greet": "こんにちは {name} さん", "pair": "{a}/{ab}/{b}", "plain": "x", "brace": "{ {name} }"})",
      R"({"greet": "Hello {name}", "pair": "{a}-{ab}-{b}", "plain": "y", "brace": "{ {name} }"})");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return std::move(c).value();
}

TEST(CatalogFormat, ReplacesEveryPlaceholderInTheRequestedLanguage) {
  const Catalog c = Small();
  EXPECT_EQ(c.Format(Language::kEn, "greet", {{"name", "Taro"}}), "Hello Taro");
  EXPECT_EQ(c.Format(Language::kJa, "greet", {{"name", "太郎"}}), "こんにちは 太郎 さん");
  EXPECT_EQ(c.Format(Language::kEn, "pair", {{"a", "1"}, {"ab", "2"}, {"b", "3"}}), "1-2-3");
  EXPECT_EQ(c.Format(Language::kJa, "pair", {{"ab", "2"}, {"a", "1"}, {"b", "3"}}), "1/2/3");
}

TEST(CatalogFormat, LeavesUnknownPlaceholdersAndDoesNotReexpandValues) {
  const Catalog c = Small();
  EXPECT_EQ(c.Format(Language::kEn, "pair", {{"a", "1"}}), "1-{ab}-{b}");
  // A value that looks like a placeholder is inserted literally (no injection).
  EXPECT_EQ(c.Format(Language::kEn, "pair", {{"a", "{b}"}, {"ab", ""}, {"b", "3"}}), "{b}--3");
  EXPECT_EQ(c.Format(Language::kEn, "brace", {{"name", "n"}}), "{ n }");
  EXPECT_EQ(c.Format(Language::kEn, "plain", {}), "y");
}

TEST(CatalogGet, MissingKeyShowsTheKeyItself) {
  const Catalog c = Small();
  EXPECT_EQ(c.Get(Language::kJa, "plain"), "x");
  EXPECT_EQ(c.Get(Language::kEn, "plain"), "y");
  EXPECT_EQ(c.Get(Language::kEn, "no.such.key"), "no.such.key");
  EXPECT_EQ(c.Format(Language::kJa, "no.such.{name}", {{"name", "v"}}), "no.such.v");
}

TEST(CatalogGet, RealDeclineReasonTextInBothLanguages) {
  const Catalog& c = Catalog::Default();
  EXPECT_EQ(c.Get(Language::kJa, "decline.already_public"), "既に公知である（取扱いを終了します）");
  EXPECT_EQ(c.Get(Language::kEn, "decline.already_public"), "Already publicly known (handling ends)");
}

// ---------------------------------------------------------------- Parse

TEST(CatalogParse, RejectsMismatchedKeySetsNamingTheMissingKey) {
  auto missing_en = Catalog::Parse(R"({"a": "1", "b": "2"})", R"({"a": "1"})");
  ASSERT_FALSE(missing_en.ok());
  EXPECT_EQ(missing_en.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(missing_en.error().field, "en");
  EXPECT_EQ(missing_en.error().message, "missing key 'b'");

  auto missing_ja = Catalog::Parse(R"({"a": "1"})", R"({"a": "1", "c": "3"})");
  ASSERT_FALSE(missing_ja.ok());
  EXPECT_EQ(missing_ja.error().field, "ja");
  EXPECT_EQ(missing_ja.error().message, "missing key 'c'");
}

TEST(CatalogParse, RejectsAnythingButAFlatObjectOfStrings) {
  const struct {
    const char* ja;
    const char* en;
    const char* field;
  } cases[] = {
      {"[]", "{}", "ja"},
      {"{}", "\"text\"", "en"},
      {"null", "{}", "ja"},
      {"{}", "42", "en"},
      {"{not json", "{}", "ja"},
      {"", "{}", "ja"},
      {"{}", "{\"a\": 1}", "en"},
      {"{\"a\": {\"b\": \"nested\"}}", "{\"a\": \"x\"}", "ja"},
      {"{\"a\": null}", "{\"a\": \"x\"}", "ja"},
  };
  for (const auto& c : cases) {
    auto got = Catalog::Parse(c.ja, c.en);
    ASSERT_FALSE(got.ok()) << c.ja << " | " << c.en;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(got.error().field, c.field) << c.ja << " | " << c.en;
  }
  auto empty = Catalog::Parse("{}", "{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->Strings(Language::kJa).empty());
}

// ---------------------------------------------------------------- NegotiateLanguage

TEST(NegotiateLanguage, PicksJaOrEnByQValueElseTheFallback) {
  const struct {
    const char* header;
    Language fallback;
    Language want;
  } cases[] = {
      {"en-US,en;q=0.9,ja;q=0.8", Language::kJa, Language::kEn},
      {"ja,en;q=0.5", Language::kEn, Language::kJa},
      {"fr", Language::kJa, Language::kJa},
      {"fr", Language::kEn, Language::kEn},
      {"", Language::kJa, Language::kJa},
      {"", Language::kEn, Language::kEn},
      {"*", Language::kEn, Language::kEn},
      {"en;q=0.3, ja;q=0.7", Language::kEn, Language::kJa},
      {"ja;q=0.2,en;q=0.4", Language::kJa, Language::kEn},
      {"fr-FR,fr;q=0.9,en;q=0.5", Language::kJa, Language::kEn},
      {"ja-JP", Language::kEn, Language::kJa},
      {"ja;q=0.5,en;q=0.5", Language::kEn, Language::kJa},  // a tie keeps the first
      {"english,japanese", Language::kJa, Language::kJa},    // only the primary subtag counts
      {"jav", Language::kEn, Language::kEn},
      {"EN-GB", Language::kJa, Language::kEn},
      {"En-gb", Language::kJa, Language::kEn},                // tags are case-insensitive
      {" en ; q=0.8 , ja ;q=0.9", Language::kEn, Language::kJa},
      {"en;q=0", Language::kJa, Language::kJa},               // q=0: not acceptable
      {"ja;q=0, en;q=0.1", Language::kJa, Language::kEn},
      {"ja;q=0.000", Language::kEn, Language::kEn},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(NegotiateLanguage(c.header, c.fallback), c.want)
        << "'" << c.header << "' fallback " << domain::LanguageCode(c.fallback);
  }
}

}  // namespace
}  // namespace cvdhub::i18n
