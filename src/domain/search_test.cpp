#include "domain/search.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace cvdhub::domain {
namespace {

using Tokens = std::vector<std::string>;

SearchQuery MustParse(std::string_view text) {
  auto q = ParseSearchQuery(text);
  EXPECT_TRUE(std::holds_alternative<SearchQuery>(q)) << text;
  if (!std::holds_alternative<SearchQuery>(q)) return {};
  return std::get<SearchQuery>(q);
}

QueryProblem MustFail(std::string_view text) {
  auto q = ParseSearchQuery(text);
  EXPECT_TRUE(std::holds_alternative<QueryProblem>(q)) << text;
  if (!std::holds_alternative<QueryProblem>(q)) return QueryProblem::kEmpty;
  return std::get<QueryProblem>(q);
}

TEST(SearchTokenizerTest, LatinWordsAreLowerCasedWholeWords) {
  EXPECT_EQ(Tokenize("Buffer Overflow in POP servers"), (Tokens{"buffer", "overflow", "in", "pop", "servers"}));
  EXPECT_EQ(Tokenize("SQL-injection, via `id`."), (Tokens{"sql", "injection", "via", "id"}));
  EXPECT_EQ(Tokenize("CVE-2024-1234 v1.2.3"), (Tokens{"cve", "2024", "1234", "v1", "2", "3"}));
  EXPECT_EQ(Tokenize("Ärger ÜBER Straße"), (Tokens{"ärger", "über", "straße"}));
  EXPECT_EQ(Tokenize(""), Tokens{});
  EXPECT_EQ(Tokenize(" \t\n!?"), Tokens{});
}

TEST(SearchTokenizerTest, CjkRunsBecomeBigramsAndTheirLastCharacter) {
  EXPECT_EQ(Tokenize("認証"), (Tokens{"認証", "証"}));
  EXPECT_EQ(Tokenize("脆弱性"), (Tokens{"脆弱", "弱性", "性"}));
  EXPECT_EQ(Tokenize("字"), (Tokens{"字"}));
  // Punctuation ends a run.
  EXPECT_EQ(Tokenize("認証、回避。"), (Tokens{"認証", "証", "回避", "避"}));
  // Kana and kanji form one run; the prolonged sound mark belongs to it; the middle dot separates.
  EXPECT_EQ(Tokenize("サーバ・ソフト"), (Tokens{"サー", "ーバ", "バ", "ソフ", "フト", "ト"}));
  EXPECT_EQ(Tokenize("한국어"), (Tokens{"한국", "국어", "어"}));
}

TEST(SearchTokenizerTest, MixedScriptsSplitAtTheBoundary) {
  EXPECT_EQ(Tokenize("OpenSSLの脆弱性"), (Tokens{"openssl", "の脆", "脆弱", "弱性", "性"}));
  EXPECT_EQ(Tokenize("認証bypass"), (Tokens{"認証", "証", "bypass"}));
  EXPECT_EQ(Tokenize("Apache HTTP Server に認証回避の脆弱性 (CVE-2024-0001)"),
            (Tokens{"apache", "http", "server", "に認", "認証", "証回", "回避", "避の", "の脆", "脆弱", "弱性", "性",
                    "cve", "2024", "0001"}));
}

TEST(SearchTokenizerTest, FullWidthAndHalfWidthFormsAreFolded) {
  // Full-width ASCII letters and digits, the ideographic space.
  EXPECT_EQ(Tokenize("ＳＱＬ　Ｉｎｊｅｃｔｉｏｎ　２０２４"), (Tokens{"sql", "injection", "2024"}));
  EXPECT_EQ(Tokenize("ＳＱＬ"), Tokenize("sql"));
  // Full-width punctuation separates like ASCII punctuation.
  EXPECT_EQ(Tokenize("ｖ１．２（ｂｅｔａ）"), (Tokens{"v1", "2", "beta"}));
  // Half-width katakana, with the voiced and semi-voiced marks composed.
  EXPECT_EQ(Tokenize("ｻｰﾊﾞ"), Tokenize("サーバ"));
  EXPECT_EQ(Tokenize("ﾊﾟｽﾜｰﾄﾞ"), Tokenize("パスワード"));
  EXPECT_EQ(Tokenize("ｳﾞｧ"), Tokenize("ヴァ"));
  // A combining sound mark after full-width kana composes too.
  EXPECT_EQ(Tokenize("か\u3099い"), Tokenize("がい"));
  // Variation selectors vanish instead of splitting a word.
  EXPECT_EQ(Tokenize("葛\U000E0100飾"), Tokenize("葛飾"));
}

TEST(SearchTokenizerTest, InvalidUtf8SeparatesAndNeverThrows) {
  EXPECT_EQ(Tokenize("abc\xff" "def"), (Tokens{"abc", "def"}));
  EXPECT_EQ(Tokenize("\xe8\xaa"), Tokens{});  // a truncated sequence
  EXPECT_EQ(Tokenize("\xc0\xaf"), Tokens{});  // an overlong '/'
  EXPECT_EQ(IndexText("Hello, 世界!"), "hello 世界 界");
}

TEST(SearchQueryTest, TwoCharacterJapaneseTermIsOneToken) {
  const auto q = MustParse("認証");
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_EQ(q.terms[0].tokens, (Tokens{"認証"}));
  EXPECT_FALSE(q.terms[0].prefix);
  EXPECT_EQ(q.Fts5Expression(), "\"認証\"");
}

TEST(SearchQueryTest, LongerJapaneseTermIsAPhraseOfBigrams) {
  EXPECT_EQ(MustParse("脆弱性").Fts5Expression(), "\"脆弱 弱性\"");
  EXPECT_EQ(MustParse("クロスサイト").Fts5Expression(), "\"クロ ロス スサ サイ イト\"");
}

TEST(SearchQueryTest, OneCharacterJapaneseTermIsAPrefix) {
  const auto q = MustParse("字");
  ASSERT_EQ(q.terms.size(), 1u);
  EXPECT_TRUE(q.terms[0].prefix);
  EXPECT_EQ(q.Fts5Expression(), "\"字\" *");
}

TEST(SearchQueryTest, MixedTermsMatchHowTheIndexSplitsThem) {
  // The run "認証" ends inside the term, so its last character is a token there as in the index.
  EXPECT_EQ(MustParse("認証bypass").Fts5Expression(), "\"認証 証 bypass\"");
  EXPECT_EQ(MustParse("abc認証").Fts5Expression(), "\"abc 認証\"");
  EXPECT_EQ(MustParse("abc字").Fts5Expression(), "\"abc 字\" *");
}

TEST(SearchQueryTest, TermsAreAndedAndQuotesMakePhrases) {
  EXPECT_EQ(MustParse("sql injection").Fts5Expression(), "\"sql\" AND \"injection\"");
  EXPECT_EQ(MustParse("\"sql injection\"").Fts5Expression(), "\"sql injection\"");
  EXPECT_EQ(MustParse("sql-injection").Fts5Expression(), "\"sql injection\"");
  EXPECT_EQ(MustParse("ＳＱＬ　認証").Fts5Expression(), "\"sql\" AND \"認証\"");
  EXPECT_EQ(MustParse("  Overflow  ").normalized, "overflow");
  // A term of punctuation only is dropped; FTS5 operators are just words.
  EXPECT_EQ(MustParse("overflow !!! AND").Fts5Expression(), "\"overflow\" AND \"and\"");
  EXPECT_EQ(MustParse("title:xss*").Fts5Expression(), "\"title xss\"");
  // An unclosed quote runs to the end.
  EXPECT_EQ(MustParse("\"remote code").Fts5Expression(), "\"remote code\"");
}

TEST(SearchQueryTest, BadQueriesAreRefusedWithAReason) {
  EXPECT_EQ(MustFail(""), QueryProblem::kEmpty);
  EXPECT_EQ(MustFail("   \u3000 "), QueryProblem::kEmpty);
  EXPECT_EQ(MustFail("!!! ??? ***"), QueryProblem::kNoWords);
  EXPECT_EQ(MustFail("\"\""), QueryProblem::kNoWords);
  EXPECT_EQ(MustFail(std::string(kMaxQueryChars + 1, 'a')), QueryProblem::kTooLong);
  EXPECT_EQ(MustFail("a b c d e f g h i j k l m"), QueryProblem::kTooManyTerms);
  EXPECT_EQ(MustFail("abc\xff"), QueryProblem::kBadEncoding);
  EXPECT_EQ(QueryProblemName(QueryProblem::kTooManyTerms), "too_many_terms");
  // The longest allowed query is fine.
  (void)MustParse(std::string(kMaxQueryChars, 'a'));
}

TEST(SearchSnippetTest, CutsAroundTheFirstMatchAndMarksTerms) {
  const std::string text =
      "This is a long introduction that says nothing in particular about anything at all, really. "
      "A heap-based buffer overflow in the parser allows remote attackers to execute code.";
  const auto s = MakeSnippet(text, MustParse("overflow remote"), 80);
  EXPECT_TRUE(s.text.starts_with("…"));
  ASSERT_EQ(s.marks.size(), 2u);
  EXPECT_EQ(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first), "overflow");
  EXPECT_EQ(s.text.substr(s.marks[1].first, s.marks[1].second - s.marks[1].first), "remote");
}

TEST(SearchSnippetTest, MarksJapaneseTermsWholeAndFoldedForms) {
  const std::string text = "本製品には認証回避の脆弱性が存在します。ＳＱＬインジェクションも。";
  const auto s = MakeSnippet(text, MustParse("脆弱性 sql"), 160);
  EXPECT_EQ(s.text, text);
  ASSERT_EQ(s.marks.size(), 2u);
  EXPECT_EQ(s.text.substr(s.marks[0].first, s.marks[0].second - s.marks[0].first), "脆弱性");
  EXPECT_EQ(s.text.substr(s.marks[1].first, s.marks[1].second - s.marks[1].first), "ＳＱＬ");
}

TEST(SearchSnippetTest, WordsMatchAtWordBoundariesOnly) {
  const auto s = MakeSnippet("overflowing stack; an overflow", MustParse("overflow"));
  ASSERT_EQ(s.marks.size(), 1u);
  EXPECT_EQ(s.marks[0].first, std::string("overflowing stack; an ").size());
}

TEST(SearchKindTest, NamesRoundTrip) {
  for (const auto k : {SearchKind::kAdvisory, SearchKind::kCve, SearchKind::kOsv}) {
    EXPECT_EQ(ParseSearchKind(SearchKindName(k)), k);
  }
  EXPECT_FALSE(ParseSearchKind("report"));
}

}  // namespace
}  // namespace cvdhub::domain
