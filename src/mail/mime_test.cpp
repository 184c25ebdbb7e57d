// Building outgoing mail: addresses, header encoding, HTML alternative, and
// the shape of the whole message (checked again by parsing it back).
#include "mail/mime.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "mail/charset.hpp"
#include "mail/compose.hpp"
#include "mail/openpgp.hpp"
#include "mail/parse.hpp"

namespace cvdhub::mail {
namespace {

using namespace std::chrono;

TEST(IsValidAddress, Table) {
  const std::pair<const char*, bool> cases[] = {
      {"psirt@vendor.example", true},     {"a.b+tag@sub.example.jp", true}, {"", false},
      {"no-at.example", false},           {"two@@example.org", false},      {"a@b", false},
      {"a b@example.org", false},         {"a@example.org\r\nRCPT TO:<x@y.z>", false},
      {"<a@example.org>", false},         {"\"quoted\"@example.org", false}, {".a@example.org", false},
      {"a@-ok.example", true},            {"日本@example.jp", false},
  };
  for (const auto& [address, valid] : cases) EXPECT_EQ(IsValidAddress(address), valid) << address;
}

TEST(EncodeHeaderText, AsciiStaysAndUtf8IsEncodedInShortWords) {
  EXPECT_EQ(EncodeHeaderText("[IN-2026-00001] Report received"), "[IN-2026-00001] Report received");
  const std::string subject = "[JVN#12345678] 脆弱性詳細情報の提供について（製品名：サンプル製品、バージョン 1.0）";
  const std::string encoded = EncodeHeaderText(subject);
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    if (end == std::string::npos) end = encoded.size();
    EXPECT_LE(end - start, 75U) << "an encoded word is longer than RFC 2047 allows";
    start = end + 3;
  }
  EXPECT_EQ(DecodeHeader(encoded), subject);
}

TEST(FormatMailbox, QuotesOrEncodesNames) {
  EXPECT_EQ(FormatMailbox({"", "a@example.org"}), "a@example.org");
  EXPECT_EQ(FormatMailbox({"Vendor PSIRT", "a@example.org"}), "Vendor PSIRT <a@example.org>");
  EXPECT_EQ(FormatMailbox({"Doe, \"J\"", "a@example.org"}), "\"Doe, \\\"J\\\"\" <a@example.org>");
  EXPECT_EQ(DecodeHeader(FormatMailbox({"調整 太郎", "a@example.org"})), "調整 太郎 <a@example.org>");
}

TEST(FormatRfc5322Date, IsUtc) {
  const auto t = sys_days{year{2026} / 11 / 24} + hours{10} + minutes{5};
  EXPECT_EQ(FormatRfc5322Date(time_point_cast<seconds>(t)), "Tue, 24 Nov 2026 10:05:00 +0000");
}

TEST(TextToHtml, EscapesAndLinks) {
  const std::string html = TextToHtml("a <b> & \"c\"\nsee https://jvn.jp/x?a=1&b=2.\n\nnext", domain::Language::kJa);
  EXPECT_NE(html.find("lang=\"ja\""), std::string::npos);
  EXPECT_NE(html.find("a &lt;b&gt; &amp; &quot;c&quot;<br>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"https://jvn.jp/x?a=1&amp;b=2\">"), std::string::npos);
  EXPECT_NE(html.find("</a>.</p>"), std::string::npos) << "trailing punctuation stays outside the link";
  EXPECT_NE(html.find("<p>next</p>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
}

OutgoingMail Sample() {
  OutgoingMail m;
  m.from = {"cvdhub", "cvd@coordinator.example"};
  m.to = {"ベンダー PSIRT", "psirt@vendor.example"};
  m.subject = "[JVN#12345678] 脆弱性詳細情報";
  m.message_id = "<cvdhub.abc@coordinator.example>";
  m.in_reply_to = "<cvdhub.root@coordinator.example>";
  m.references = {"<cvdhub.root@coordinator.example>"};
  m.date = time_point_cast<seconds>(sys_days{year{2026} / 11 / 24} + hours{1});
  m.language = domain::Language::kJa;
  m.text = "詳細情報をお送りします。\nFrom now on, reply here.\n. a line with a dot";
  return m;
}

TEST(Compose, PlainMessageParsesBack) {
  auto c = Compose({.mail = Sample(), .boundary_token = "T1"});
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->encrypted);
  EXPECT_EQ(c->raw.find("\n\n"), std::string::npos) << "every line ends in CRLF";
  for (char ch : c->raw) ASSERT_LT(static_cast<unsigned char>(ch), 0x80) << "7-bit throughout";
  EXPECT_NE(c->raw.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(c->raw.find("In-Reply-To: <cvdhub.root@coordinator.example>\r\n"), std::string::npos);
  auto p = ParseMail(c->raw, {});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->subject, "[JVN#12345678] 脆弱性詳細情報");
  EXPECT_EQ(p->message_id, "<cvdhub.abc@coordinator.example>");
  EXPECT_EQ(p->from.address, "cvd@coordinator.example");
  EXPECT_EQ(p->text, "詳細情報をお送りします。\nFrom now on, reply here.\n. a line with a dot");
  EXPECT_TRUE(p->problems.empty());
}

TEST(Compose, EncryptedToTheRecipientAndSignedInside) {
  auto vendor = GenerateKeyPair("Vendor <psirt@vendor.example>");
  auto coordinator = GenerateKeyPair("cvdhub <cvd@coordinator.example>");
  ASSERT_TRUE(vendor.ok() && coordinator.ok());
  auto c = Compose({.mail = Sample(), .recipient_public_key = vendor->public_armored,
                    .signer_secret_key = coordinator->secret_armored, .boundary_token = "T2"});
  ASSERT_TRUE(c.ok()) << c.error().internal;
  EXPECT_TRUE(c->encrypted);
  EXPECT_TRUE(c->signed_);
  EXPECT_NE(c->raw.find("multipart/encrypted; protocol=\"application/pgp-encrypted\""), std::string::npos);
  EXPECT_EQ(c->raw.find("詳細"), std::string::npos);
  EXPECT_EQ(c->raw.find(EncodeHeaderText("詳細情報をお送りします")), std::string::npos);
  // The vendor reads it with its secret key and sees our signature.
  auto p = ParseMail(c->raw, {.secret_key = vendor->secret_armored,
                              .keys_for_sender = [&](const std::string&) {
                                return std::vector<std::string>{coordinator->public_armored};
                              }});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->decrypted) << p->decrypt_error;
  EXPECT_EQ(p->signature.state, SignatureState::kValid);
  EXPECT_EQ(p->signature.signer, coordinator->fingerprint);
  EXPECT_NE(p->text.find("詳細情報をお送りします。"), std::string::npos);
  // Anyone else cannot.
  auto other = GenerateKeyPair("Other <other@example.org>");
  auto q = ParseMail(c->raw, {.secret_key = other->secret_armored});
  ASSERT_TRUE(q.ok());
  EXPECT_TRUE(q->encrypted);
  EXPECT_FALSE(q->decrypted);
  EXPECT_EQ(q->text.find("詳細"), std::string::npos);
}

TEST(Compose, SignedMessageVerifiesAndDetectsTampering) {
  auto coordinator = GenerateKeyPair("cvdhub <cvd@coordinator.example>");
  ASSERT_TRUE(coordinator.ok());
  auto c = Compose({.mail = Sample(), .signer_secret_key = coordinator->secret_armored, .boundary_token = "T3"});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->signed_);
  auto keys = [&](const std::string&) { return std::vector<std::string>{coordinator->public_armored}; };
  auto p = ParseMail(c->raw, {.keys_for_sender = keys});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->signature.state, SignatureState::kValid) << p->signature.detail;
  // Change one base64 character of the signed text.
  std::string tampered = c->raw;
  const std::size_t at = tampered.find("Content-Transfer-Encoding: base64\r\n\r\n") + 40;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  auto t = ParseMail(tampered, {.keys_for_sender = keys});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->signature.state, SignatureState::kInvalid);
  // Without the key the signature is reported as by an unknown key.
  auto u = ParseMail(c->raw, {});
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->signature.state, SignatureState::kUnknownKey);
}

TEST(InspectPublicKey, RefusesWhatIsNotAnEncryptionPublicKey) {
  auto pair = GenerateKeyPair("A <a@example.org>");
  ASSERT_TRUE(pair.ok());
  auto info = InspectPublicKey(pair->public_armored);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->fingerprint, pair->fingerprint);
  EXPECT_TRUE(info->can_encrypt);
  ASSERT_EQ(info->user_ids.size(), 1U);
  EXPECT_EQ(info->user_ids[0], "A <a@example.org>");
  EXPECT_FALSE(InspectPublicKey(pair->secret_armored).ok()) << "a secret key must not be registered";
  EXPECT_FALSE(InspectPublicKey("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ngarbage\n").ok());
  EXPECT_FALSE(InspectPublicKey("").ok());
  auto second = GenerateKeyPair("B <b@example.org>");
  EXPECT_FALSE(InspectPublicKey(pair->public_armored + second->public_armored).ok()) << "one key per address";
}

// Regression: RNP fclose()s the log descriptor it is given when its context
// is destroyed; handing it a shared one closed descriptors that SQLite had
// reused meanwhile ("disk I/O error" on the next query).
TEST(OpenPgp, RegressionRnpClosedDescriptorsItDidNotOwn) {
  char path[] = "/tmp/cvdhub-fd-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(GenerateKeyPair("A <a@example.org>").ok());
  EXPECT_EQ(::write(fd, "x", 1), 1) << "our descriptor was closed behind our back";
  ::close(fd);
  ::unlink(path);
}

}  // namespace
}  // namespace cvdhub::mail
