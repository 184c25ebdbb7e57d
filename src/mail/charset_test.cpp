// Charset decoding as Japanese mail needs it (table-driven).
#include "mail/charset.hpp"

#include <gtest/gtest.h>

#include <string>

#include "domain/report.hpp"

namespace cvdhub::mail {
namespace {

struct Case {
  const char* name;
  std::string bytes;
  const char* charset;
  const char* expected;
};

TEST(DecodeToUtf8, JapaneseCharsetsAndTheirMicrosoftSupersets) {
  const Case cases[] = {
      {"utf-8", "\xE8\x84\x86\xE5\xBC\xB1\xE6\x80\xA7", "UTF-8", "脆弱性"},
      {"iso-2022-jp", "\x1B$B@H<e@-\x1B(B", "ISO-2022-JP", "脆弱性"},
      // ① is NEC row 13 (0x2D21): not JIS X 0208, but every Japanese mailer sends it.
      {"iso-2022-jp with NEC ①", "\x1B$B-!\x1B(B 1", "iso-2022-jp", "① 1"},
      {"half-width katakana in ISO-2022-JP", "\x1B(I1\x1B(B", "ISO-2022-JP", "ｱ"},
      {"shift_jis", "\x90\xC6\x8E\xE3\x90\xAB", "Shift_JIS", "脆弱性"},
      // ① and ㈱ are CP932 extensions that strict Shift_JIS refuses.
      {"shift_jis with CP932 characters", "\x87\x40\x87\x8A", "shift_jis", "①㈱"},
      {"euc-jp", "\xC0\xC8\xBC\xE5\xC0\xAD", "EUC-JP", "脆弱性"},
      {"latin-1 label, windows-1252 bytes", "caf\xE9 \x93quoted\x94", "iso-8859-1", "café “quoted”"},
      {"unlabelled shift_jis", "\x90\xC6\x8E\xE3\x90\xAB", "", "脆弱性"},
      {"unlabelled iso-2022-jp", "\x1B$B@H<e@-\x1B(B", "", "脆弱性"},
      {"mislabelled: utf-8 bytes under us-ascii", "\xE8\x84\x86", "us-ascii", "脆"},
      {"unknown label, utf-8 bytes", "\xE8\x84\x86", "x-unknown-charset", "脆"},
      {"quoted label", "\x90\xC6", "\"shift_jis\"", "脆"},
  };
  for (const auto& c : cases) {
    const DecodedText d = DecodeToUtf8(c.bytes, c.charset);
    EXPECT_EQ(d.text, c.expected) << c.name;
    EXPECT_FALSE(d.lossy) << c.name;
    EXPECT_TRUE(domain::IsValidUtf8(d.text)) << c.name;
  }
}

TEST(DecodeToUtf8, UndecodableBytesBecomeReplacementCharacters) {
  const DecodedText d = DecodeToUtf8(std::string("ok \xFF\xFE\x00 end", 9), "utf-8");
  EXPECT_TRUE(domain::IsValidUtf8(d.text));
  EXPECT_NE(d.text.find("ok"), std::string::npos);
}

TEST(DecodeHeader, EncodedWords) {
  const std::pair<const char*, const char*> cases[] = {
      {"=?ISO-2022-JP?B?GyRCQEg8ZUAtGyhC?=", "脆弱性"},
      {"=?UTF-8?B?6ISG5byx5oCn?= report", "脆弱性 report"},
      {"=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait"},
      // Adjacent words join without the white space between them (RFC 2047 §6.2) …
      {"=?UTF-8?B?6ISG?= =?UTF-8?B?5byx?=", "脆弱"},
      // … even when a character is split across them.
      {"=?UTF-8?B?6IQ=?=\r\n =?UTF-8?B?huW8sQ==?=", "脆弱"},
      {"[JVN#12345678] =?ISO-2022-JP?B?GyRCLSEbKEI=?=", "[JVN#12345678] ①"},
      {"plain ASCII subject", "plain ASCII subject"},
      {"raw \x90\xC6\x8E\xE3 shift_jis", "raw 脆弱 shift_jis"},
      {"=?x-unknown?B?6ISG?=", "脆"},
      {"=?broken", "=?broken"},
  };
  for (const auto& [raw, expected] : cases) EXPECT_EQ(DecodeHeader(raw), expected) << raw;
}

TEST(DecodeBase64, IsLenient) {
  EXPECT_EQ(DecodeBase64("aGVs\r\nbG8="), "hello");
  EXPECT_EQ(DecodeBase64("aGVsbG8"), "hello");  // missing padding
  EXPECT_EQ(DecodeBase64("aGV!!sbG8="), "hello");
}

}  // namespace
}  // namespace cvdhub::mail
