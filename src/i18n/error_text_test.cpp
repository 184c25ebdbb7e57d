#include "i18n/error_text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cvdhub::i18n {
namespace {

using domain::Language;

TEST(ErrorText, TranslatesAKnownMessageIntoJapanese) {
  EXPECT_EQ(ErrorText(Language::kJa, "password must be at least 10 characters"),
            "パスワードは 10 文字以上で入力してください。");
  EXPECT_EQ(ErrorText(Language::kJa, "report not found"), "届出が見つかりません。");
}

TEST(ErrorText, KeepsTheEnglishForEnglishReaders) {
  EXPECT_EQ(ErrorText(Language::kEn, "password must be at least 10 characters"),
            "password must be at least 10 characters");
}

TEST(ErrorText, FallsBackToTheEnglishForAnUnknownMessage) {
  EXPECT_EQ(ErrorText(Language::kJa, "a message nobody translated"), "a message nobody translated");
  EXPECT_EQ(ErrorText(Language::kJa, ""), "");
}

TEST(ErrorText, FillsPatternsOfBuiltMessages) {
  EXPECT_EQ(ErrorText(Language::kJa, "title is required"), "title を入力してください。");
  EXPECT_EQ(ErrorText(Language::kJa, "description is longer than 100000 bytes"),
            "description は 100000 バイト以内で入力してください。");
  // The placeholder must take some text: " is required" alone is no field.
  EXPECT_EQ(ErrorText(Language::kJa, " is required"), " is required");
}

TEST(ErrorText, CompiledInCatalogueParses) {
  EXPECT_GT(ErrorMessages::Default().size(), 150u) << "the compiled-in error catalogue looks empty";
}

TEST(ErrorText, PatternWithSeveralPlaceholdersKeepsEachValue) {
  auto m = ErrorMessages::Parse(R"({"{what} of {who} is {n} bytes": "{who} の {what} は {n} バイトです"})");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->Translate(Language::kJa, "key of vendor 7 is 12 bytes"), "vendor 7 の key は 12 バイトです");
  EXPECT_EQ(m->Translate(Language::kJa, "key of vendor 7 is 12 kB"), "key of vendor 7 is 12 kB");
}

TEST(ErrorText, WrappedMessageIsTranslatedInTurn) {
  // The bulk overview names the vendor that stopped the batch around the use case's own error.
  EXPECT_EQ(ErrorText(Language::kJa,
                      "Acme (vendor 3): the developer must register before anything is disclosed"),
            "Acme（ベンダー 3）: " + ErrorText(Language::kJa, "the developer must register before anything is disclosed"));
  // Taken before "{field} is required" could swallow the vendor's name as a field.
  EXPECT_EQ(ErrorText(Language::kJa, "Acme (vendor 3): title is required"),
            "Acme（ベンダー 3）: title を入力してください。");
  // A numbered line of an uploaded file, the reason translated where known.
  EXPECT_EQ(ErrorText(Language::kJa, "line 12: title is required"), "12 行目: title を入力してください。");
  // An unknown wrapped message stays English inside the Japanese frame.
  EXPECT_EQ(ErrorText(Language::kJa, "Acme (vendor 3): something new"), "Acme（ベンダー 3）: something new");
}

TEST(ErrorText, DatesAndListsBuiltIntoMessagesKeepTheirValues) {
  EXPECT_EQ(ErrorText(Language::kJa, "the contact deadline 2026-12-24 has not passed"),
            "連絡期限 2026-12-24 はまだ過ぎていません。");
  EXPECT_EQ(ErrorText(Language::kJa, "state must be one of notified, acknowledged"),
            "state には次のいずれかを指定してください: notified, acknowledged");
  EXPECT_EQ(ErrorText(Language::kJa, "vendor 999999 is not in this case"),
            "ベンダー 999999 はこの案件に含まれていません。");
}

TEST(ErrorText, ParseRejectsBrokenCatalogues) {
  EXPECT_FALSE(ErrorMessages::Parse("[]"));
  EXPECT_FALSE(ErrorMessages::Parse("{"));
  EXPECT_FALSE(ErrorMessages::Parse(R"({"a": 1})"));
  EXPECT_FALSE(ErrorMessages::Parse(R"({"a": ""})"));
  EXPECT_FALSE(ErrorMessages::Parse(R"({"{a}{b} x": "{a}{b}"})"));
  auto drops = ErrorMessages::Parse(R"({"{field} is required": "入力してください"})");
  ASSERT_FALSE(drops);
  EXPECT_NE(drops.error().message.find("drops {field}"), std::string::npos);
  EXPECT_FALSE(ErrorMessages::Parse(R"({"{field} is required": "{name} を入力してください"})"));
}

}  // namespace
}  // namespace cvdhub::i18n
