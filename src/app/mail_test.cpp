// App-level tests of mail over the real SQLite store: queueing in the
// caller's transaction, threading, delivery with retries and backoff (a
// scripted SMTP transport), encryption rules, bounces, and the routing of
// inbound mail (replies, intake, quarantine).
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <deque>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/mail_delivery.hpp"
#include "app/mail_ingest.hpp"
#include "app/notifications.hpp"
#include "app/security.hpp"
#include "app/services.hpp"
#include "mail/openpgp.hpp"
#include "mail/parse.hpp"

namespace cvdhub::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using domain::Language;
using store::OutboxStatus;

Timestamp Utc(int y, unsigned m, unsigned d, int hh) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh}};
}

// An SMTP transport that answers from a script and remembers what it got.
class ScriptedSmtp final : public mail::SmtpTransport {
 public:
  struct Sent {
    std::string to;
    std::string message;
  };
  std::deque<mail::SmtpOutcome> script;  // empty: deliver
  std::vector<Sent> sent;

  mail::SmtpOutcome Send(std::string_view, std::string_view to, std::string_view message) override {
    mail::SmtpOutcome out{mail::SmtpOutcome::Kind::kDelivered, 250, "250 ok"};
    if (!script.empty()) {
      out = script.front();
      script.pop_front();
    }
    if (out.kind == mail::SmtpOutcome::Kind::kDelivered) sent.push_back({std::string(to), std::string(message)});
    return out;
  }
};

const mail::SmtpOutcome kDown{mail::SmtpOutcome::Kind::kTransient, 0, "couldn't connect"};
const mail::SmtpOutcome kRejected{mail::SmtpOutcome::Kind::kPermanent, 550, "550 5.1.1 user unknown"};

class MailTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitCrypto().ok()); }

  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() / ("cvdhub-mail-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = store::OpenSqliteStore((dir_ / "cvdhub.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().internal;
    store_ = std::move(opened).value();
    audit_ = std::make_unique<AuditLog>(*store_, hours(1));
    Config config;
    config.mail.from_address = "cvd@coordinator.example";
    config.mail.intake_address = "vuln@coordinator.example";
    config.mail.key_dir = (dir_ / "pgp").string();
    config.mail.retry_base = seconds(60);
    config.mail.retry_max = seconds(600);
    ctx_ = std::make_unique<Context>(Context{.store = *store_, .clock = clock_, .calendar = calendar_,
                                             .catalog = i18n::Catalog::Default(), .audit = *audit_,
                                             .config = config});
  }

  void TearDown() override {
    ctx_.reset();
    audit_.reset();
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Notification Note(const std::string& to, const std::string& reference, bool confidential = false) {
    return {.kind = "case.details_released", .to_email = to, .to_name = "PSIRT", .language = Language::kJa,
            .subject = "脆弱性詳細情報", .body = "詳細です。", .reference = reference,
            .identifier = "JVN#12345678", .confidential = confidential};
  }

  void Queue(const Notification& n) {
    auto st = store_->Write([&](store::Tx& tx) { return Notify(tx, *ctx_, n); });
    ASSERT_TRUE(st.ok()) << st.error().field << " " << st.error().message;
  }

  // Every outbox row, oldest first, with the bytes as sent.
  std::vector<store::OutboxMessage> Outbox() {
    std::vector<store::OutboxMessage> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto list = tx.mail().ListOutbox({});
      if (!list) return list.error();
      for (auto it = list->rbegin(); it != list->rend(); ++it) {
        auto full = tx.mail().FindOutbox(it->id);
        if (!full) return full.error();
        out.push_back(std::move(*full));
      }
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().internal;
    return out;
  }

  DeliveryPass Pass(ScriptedSmtp& smtp) {
    MailDelivery d(*ctx_, smtp, "test-worker");
    auto pass = d.RunOnce();
    EXPECT_TRUE(pass.ok()) << (pass.ok() ? "" : pass.error().internal);
    return pass.ok() ? *pass : DeliveryPass{};
  }

  IngestResult Ingest(const std::string& raw) {
    MailIngest ingest(*ctx_);
    auto r = ingest.Ingest(raw);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().internal);
    return r.ok() ? *r : IngestResult{};
  }

  domain::Report NewReport(const std::string& finder_email) {
    domain::Report r;
    r.intake_number = "IN-2026-00042";
    r.submission.title = "XSS";
    r.submission.finder_name = "Finder";
    r.submission.finder_contact = finder_email;
    r.received_at = clock_.Now();
    r.ack_deadline = floor<days>(clock_.Now());
    EXPECT_TRUE(store_->Write([&](store::Tx& tx) -> Status {
                  auto id = tx.InsertReport(r);
                  if (!id) return id.error();
                  r.id = *id;
                  return {};
                }).ok());
    return r;
  }

  fs::path dir_;
  FixedClock clock_{Utc(2026, 11, 24, 1)};
  domain::BusinessCalendar calendar_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Context> ctx_;
};

TEST(RetryDelay, DoublesUpToTheMaximum) {
  const std::pair<int, int> cases[] = {{0, 0}, {1, 60}, {2, 120}, {3, 240}, {4, 480}, {5, 600}, {40, 600}};
  for (const auto& [attempts, expected] : cases) {
    EXPECT_EQ(RetryDelay(attempts, seconds(60), seconds(600)).count(), expected) << attempts;
  }
}

TEST(ReferenceSubject, Table) {
  EXPECT_EQ(ReferenceSubject("report:12"), std::make_pair(std::string("report"), std::int64_t{12}));
  EXPECT_EQ(ReferenceSubject("case:3:vendor:7"), std::make_pair(std::string("case"), std::int64_t{3}));
  EXPECT_FALSE(ReferenceSubject("case:").has_value());
  EXPECT_FALSE(ReferenceSubject("vendor:3").has_value());
  EXPECT_FALSE(ReferenceSubject("report:-1").has_value());
}

TEST(FindIdentifier, Table) {
  EXPECT_EQ(FindIdentifier("Re: [JVN#12345678] 詳細"), "JVN#12345678");
  EXPECT_EQ(FindIdentifier("RE: [JVNVU#87654321] details"), "JVNVU#87654321");
  EXPECT_EQ(FindIdentifier("Re: Re: [IN-2026-00001] 受付"), "IN-2026-00001");
  EXPECT_EQ(FindIdentifier("WEB-2026-0007 fixed"), "WEB-2026-0007");
  EXPECT_EQ(FindIdentifier("JVN#1234 too short"), "");
  EXPECT_EQ(FindIdentifier("nothing here"), "");
}

TEST(DetectLanguage, KanaOrKanjiMeansJapanese) {
  EXPECT_EQ(DetectLanguage("脆弱性の報告"), Language::kJa);
  EXPECT_EQ(DetectLanguage("カタカナ"), Language::kJa);
  EXPECT_EQ(DetectLanguage("XSS in the login form — café"), Language::kEn);
}

TEST_F(MailTest, NotifyQueuesInTheCallersTransactionAndRollsBackWithIt) {
  auto st = store_->Write([&](store::Tx& tx) -> Status {
    if (auto s = Notify(tx, *ctx_, Note("psirt@vendor.example", "case:1:vendor:1")); !s) return s;
    return Error::Conflict("the change that caused it failed");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(Outbox().empty()) << "a notification never outlives its cause";
  Queue(Note("psirt@vendor.example", "case:1:vendor:1"));
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].subject, "[JVN#12345678] 脆弱性詳細情報");
  EXPECT_EQ(out[0].status, OutboxStatus::kQueued);
  EXPECT_TRUE(out[0].message_id.starts_with("<cvdhub.") && out[0].message_id.ends_with("@coordinator.example>"));
  EXPECT_NE(out[0].body.find("cvdhub"), std::string::npos) << "the footer tells how to reply";
}

TEST_F(MailTest, NotifyRejectsMalformedInput) {
  const std::pair<Notification, const char*> bad[] = {
      {Note("not-an-address", "case:1"), "to_email"},
      {Note("a@example.org\r\nBcc: x@y.z", "case:1"), "to_email"},
      {Note("a@example.org", "nocolon"), "reference"},
      {[&] { auto n = Note("a@example.org", "case:1"); n.subject = "two\r\nlines"; return n; }(), "subject"},
      {[&] { auto n = Note("a@example.org", "case:1"); n.body = "\xFF"; return n; }(), "body"},
      {[&] { auto n = Note("a@example.org", "case:1"); n.kind = ""; return n; }(), "kind"},
  };
  for (const auto& [n, field] : bad) {
    auto st = store_->Write([&](store::Tx& tx) { return Notify(tx, *ctx_, n); });
    ASSERT_FALSE(st.ok()) << field;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(st.error().field, field);
  }
}

TEST_F(MailTest, MessagesOfOneThreadReferToEachOther) {
  Queue(Note("psirt@vendor.example", "case:1:vendor:1"));
  Queue(Note("psirt@vendor.example", "case:1:vendor:1"));
  Queue(Note("psirt@vendor.example", "case:1:vendor:1"));
  Queue(Note("other@vendor2.example", "case:1:vendor:2"));
  auto out = Outbox();
  ASSERT_EQ(out.size(), 4U);
  EXPECT_EQ(out[0].in_reply_to, "");
  EXPECT_EQ(out[1].in_reply_to, out[0].message_id);
  EXPECT_EQ(out[2].in_reply_to, out[1].message_id);
  EXPECT_EQ(out[2].thread_refs, out[0].message_id + " " + out[1].message_id);
  EXPECT_EQ(out[3].in_reply_to, "") << "another recipient's thread is separate";
}

TEST_F(MailTest, DeliveryRetriesWithBackoffAndSendsOnce) {
  Queue(Note("psirt@vendor.example", "case:1:vendor:1"));
  ScriptedSmtp smtp;
  smtp.script = {kDown, kDown};
  auto p1 = Pass(smtp);
  EXPECT_TRUE(p1.transport_down);
  EXPECT_EQ(p1.deferred, 1);
  auto m = Outbox()[0];
  EXPECT_EQ(m.status, OutboxStatus::kQueued);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next_attempt_at, clock_.Now() + seconds(60));
  ASSERT_TRUE(m.raw.has_value());
  const std::string first_bytes = *m.raw;

  EXPECT_EQ(Pass(smtp).deferred + Pass(smtp).sent, 0) << "not due yet";
  clock_.Set(clock_.Now() + seconds(60));
  EXPECT_EQ(Pass(smtp).deferred, 1);
  EXPECT_EQ(Outbox()[0].next_attempt_at, clock_.Now() + seconds(120));
  clock_.Set(clock_.Now() + seconds(120));
  EXPECT_EQ(Pass(smtp).sent, 1);
  ASSERT_EQ(smtp.sent.size(), 1U);
  EXPECT_EQ(smtp.sent[0].message, first_bytes) << "a retry sends the very same message";
  m = Outbox()[0];
  EXPECT_EQ(m.status, OutboxStatus::kSent);
  EXPECT_EQ(m.attempts, 3);
  clock_.Set(clock_.Now() + hours(10));
  EXPECT_EQ(Pass(smtp).sent, 0);
  EXPECT_EQ(smtp.sent.size(), 1U) << "sent once";
}

TEST_F(MailTest, PermanentRejectionFailsTheMessageAndFlagsTheAddress) {
  NewReport("finder@example.jp");
  Queue(Note("gone@vendor.example", "report:1"));
  ScriptedSmtp smtp;
  smtp.script = {kRejected};
  EXPECT_EQ(Pass(smtp).failed, 1);
  auto m = Outbox()[0];
  EXPECT_EQ(m.status, OutboxStatus::kFailed);
  EXPECT_EQ(m.last_error, "550 5.1.1 user unknown");
  bool bouncing = false;
  std::vector<domain::Event> events;
  ASSERT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                auto b = AddressIsBouncing(tx, "gone@vendor.example");
                if (!b) return b.error();
                bouncing = *b;
                auto e = tx.ListEvents("report", 1);
                if (!e) return e.error();
                events = *e;
                return {};
              }).ok());
  EXPECT_TRUE(bouncing);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().action, "mail.failed");
  EXPECT_EQ(events.back().field, "gone@vendor.example");
}

TEST_F(MailTest, GivesUpAfterTheConfiguredTime) {
  Queue(Note("psirt@vendor.example", "case:1"));
  ScriptedSmtp smtp;
  for (int i = 0; i < 50; ++i) smtp.script.push_back(kDown);
  for (int i = 0; i < 30 && Outbox()[0].status == OutboxStatus::kQueued; ++i) {
    Pass(smtp);
    clock_.Set(clock_.Now() + hours(6));
  }
  auto m = Outbox()[0];
  EXPECT_EQ(m.status, OutboxStatus::kFailed);
  EXPECT_TRUE(m.last_error.starts_with("gave up after")) << m.last_error;
}

TEST_F(MailTest, RecipientsWithAKeyGetEncryptedMail) {
  auto vendor = mail::GenerateKeyPair("PSIRT <psirt@vendor.example>");
  ASSERT_TRUE(vendor.ok());
  ASSERT_TRUE(store_->Write([&](store::Tx& tx) {
                return SetRecipientKey(tx, *ctx_, "PSIRT@Vendor.example", vendor->public_armored);
              }).ok());
  auto bad = store_->Write([&](store::Tx& tx) { return SetRecipientKey(tx, "x@vendor.example", "not a key"); });
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
  Queue(Note("psirt@vendor.example", "case:1", /*confidential=*/true));
  Queue(Note("nokey@vendor2.example", "case:1", /*confidential=*/true));
  ScriptedSmtp smtp;
  EXPECT_EQ(Pass(smtp).sent, 2);
  ASSERT_EQ(smtp.sent.size(), 2U);
  EXPECT_NE(smtp.sent[0].message.find("multipart/encrypted"), std::string::npos);
  EXPECT_EQ(smtp.sent[0].message.find("6Kmz57Sw44Gn44GZ"), std::string::npos) << "no plaintext body";
  auto p = mail::ParseMail(smtp.sent[0].message, {.secret_key = vendor->secret_armored});
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->decrypted);
  EXPECT_NE(p->text.find("詳細です。"), std::string::npos);
  // No key registered: the rule allows clear text (signed with our key).
  EXPECT_EQ(smtp.sent[1].message.find("multipart/encrypted"), std::string::npos);
  EXPECT_NE(smtp.sent[1].message.find("multipart/signed"), std::string::npos);
  auto out = Outbox();
  EXPECT_TRUE(out[0].encrypted && out[0].signed_);
  EXPECT_FALSE(out[1].encrypted);
}

TEST_F(MailTest, ConfidentialMailIsNeverSentInClearToARecipientWithAnUnusableKey) {
  auto vendor = mail::GenerateKeyPair("PSIRT <psirt@vendor.example>");
  ASSERT_TRUE(vendor.ok());
  // A key that parsed when registered but cannot encrypt now (stored behind the check's back).
  ASSERT_TRUE(store_->Write([&](store::Tx& tx) {
                return tx.mail().UpsertRecipientKey({.email = "psirt@vendor.example", .fingerprint = "X",
                                                     .user_ids = "", .armored = "garbage",
                                                     .updated_at = clock_.Now()});
              }).ok());
  Queue(Note("psirt@vendor.example", "case:1", /*confidential=*/true));
  Queue(Note("psirt@vendor.example", "case:1", /*confidential=*/false));
  ScriptedSmtp smtp;
  auto pass = Pass(smtp);
  EXPECT_EQ(pass.failed, 1);
  EXPECT_EQ(pass.sent, 1);
  auto out = Outbox();
  EXPECT_EQ(out[0].status, OutboxStatus::kFailed);
  EXPECT_NE(out[0].last_error.find("never sent unencrypted"), std::string::npos);
  EXPECT_EQ(out[1].status, OutboxStatus::kSent);
  EXPECT_TRUE(out[1].last_error.starts_with("sent unencrypted"));
  ASSERT_EQ(smtp.sent.size(), 1U);
}

std::string Reply(const std::string& from, const std::string& subject, const std::string& in_reply_to,
                  const std::string& body = "ご連絡ありがとうございます。") {
  std::string m = "From: Vendor <" + from + ">\r\nTo: cvd@coordinator.example\r\nSubject: " + subject +
                  "\r\nMessage-ID: <" + RandomToken(8) + "@vendor.example>\r\nDate: Tue, 24 Nov 2026 10:00:00 +0900\r\n";
  if (!in_reply_to.empty()) m += "In-Reply-To: " + in_reply_to + "\r\nReferences: " + in_reply_to + "\r\n";
  return m + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

TEST_F(MailTest, RepliesJoinTheirThreadByHeadersOrIdentifier) {
  auto report = NewReport("finder@example.jp");
  Queue({.kind = "report.acknowledged", .to_email = "finder@example.jp", .language = Language::kJa,
         .subject = "受領確認", .body = "受け付けました", .reference = "report:1", .identifier = "IN-2026-00042"});
  const std::string ack_id = Outbox()[0].message_id;

  auto r1 = Ingest(Reply("finder@example.jp", "Re: something", ack_id, "追加情報です。"));
  EXPECT_EQ(r1.disposition, store::InboundDisposition::kReportReply);
  EXPECT_EQ(r1.reference, "report:1");
  auto r2 = Ingest(Reply("FINDER@example.jp", "Re: [IN-2026-00042] 受領確認", "", "件名で照合。"));
  EXPECT_EQ(r2.disposition, store::InboundDisposition::kReportReply);
  std::vector<domain::Message> thread;
  ASSERT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                auto m = tx.ListMessages(report.id);
                if (!m) return m.error();
                thread = *m;
                return {};
              }).ok());
  ASSERT_EQ(thread.size(), 2U);
  EXPECT_EQ(thread[0].body, "追加情報です。");
  EXPECT_EQ(thread[1].body, "件名で照合。");

  // Someone else who knows the Message-ID or the number is not let in.
  auto r3 = Ingest(Reply("stranger@evil.example", "Re: x", ack_id));
  EXPECT_EQ(r3.disposition, store::InboundDisposition::kQuarantined);
  EXPECT_EQ(r3.detail, "sender_not_party");
  auto r4 = Ingest(Reply("finder@example.jp", "Re: [JVN#99999999]", ""));
  EXPECT_EQ(r4.detail, "unknown_identifier");
}

TEST_F(MailTest, CaseRepliesAreKeptForTheCase) {
  Queue(Note("psirt@vendor.example", "case:7:vendor:3"));
  const std::string id = Outbox()[0].message_id;
  auto r = Ingest(Reply("psirt@vendor.example", "Re: details", id));
  EXPECT_EQ(r.disposition, store::InboundDisposition::kCaseReply);
  EXPECT_EQ(r.reference, "case:7:vendor:3");
  std::vector<store::InboundMessage> inbound;
  ASSERT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                auto l = tx.mail().ListInbound({.reference_prefix = "case:7"});
                if (!l) return l.error();
                inbound = *l;
                return {};
              }).ok());
  ASSERT_EQ(inbound.size(), 1U);
  EXPECT_EQ(inbound[0].from_email, "psirt@vendor.example");
}

TEST_F(MailTest, IntakeMailBecomesAReportWithFieldsMarkedForTheAnalyst) {
  const std::string mail =
      "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@finder.example>\r\nTo: vuln@coordinator.example\r\n"
      "Subject: =?UTF-8?B?44Ot44Kw44Kk44Oz55S76Z2i44GuWFNT?=\r\nMessage-ID: <intake1@finder.example>\r\n"
      "Date: Tue, 24 Nov 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "製品名: ExampleCMS\r\nバージョン: 4.2.1\r\n\r\nログイン画面に XSS があります。\r\n";
  auto r = Ingest(mail);
  ASSERT_EQ(r.disposition, store::InboundDisposition::kReport);
  EXPECT_EQ(r.detail, "IN-2026-00001");
  domain::Report report;
  store::InboundMessage inbound;
  ASSERT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                auto rep = tx.FindReportByIntakeNumber("IN-2026-00001");
                if (!rep) return rep.error();
                report = *rep;
                auto in = tx.mail().FindInbound(r.inbound_id);
                if (!in) return in.error();
                inbound = *in;
                return {};
              }).ok());
  EXPECT_EQ(report.submission.title, "ログイン画面のXSS");
  EXPECT_EQ(report.submission.product_name, "ExampleCMS");
  EXPECT_EQ(report.submission.product_version, "4.2.1");
  EXPECT_EQ(report.submission.finder_name, "山田 太郎");
  EXPECT_EQ(report.submission.finder_contact, "taro@finder.example");
  EXPECT_EQ(report.submission.language, Language::kJa);
  EXPECT_EQ(report.submission.impact, std::string(i18n::Catalog::Default().Get(Language::kJa, "mail.intake.to_complete")));
  EXPECT_EQ(inbound.needs_review, "kind,discovery_method,impact");
  // Acknowledged within 5 business days of receipt, as any report (P-A): received Tue 24 Nov 2026 JST.
  EXPECT_EQ(report.received_at, clock_.Now());
  EXPECT_EQ(report.ack_deadline, std::chrono::sys_days{std::chrono::year{2026} / 12 / 1});
  // The finder is told the intake number, in the thread their replies will match.
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].to_email, "taro@finder.example");
  EXPECT_EQ(out[0].reference, "report:" + std::to_string(report.id));
  EXPECT_NE(out[0].body.find("IN-2026-00001"), std::string::npos);
  // The same bytes again (an MTA retry) change nothing.
  auto again = Ingest(mail);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.inbound_id, r.inbound_id);
  EXPECT_EQ(Outbox().size(), 1U);
}

TEST_F(MailTest, WhatCannotBeRoutedIsQuarantinedNeverDropped) {
  const std::pair<std::string, std::string_view> cases[] = {
      {"this is not mail at all", kReasonUnparseable},
      {"", kReasonUnparseable},
      {Reply("someone@example.org", "hello", ""), kReasonUnmatched},  // not a reply, not to the intake address
      {"From: a@example.org\r\nTo: vuln@coordinator.example\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\naway\r\n",
       kReasonAutoReply},
  };
  for (const auto& [raw, reason] : cases) {
    auto r = Ingest(raw);
    EXPECT_EQ(r.disposition, store::InboundDisposition::kQuarantined) << reason;
    EXPECT_EQ(r.detail, reason);
    EXPECT_GT(r.inbound_id, 0);
  }
}

TEST_F(MailTest, DeliveryStatusNotificationsMarkOurMessageBounced) {
  NewReport("finder@example.jp");
  Queue(Note("gone@vendor.example", "report:1"));
  ScriptedSmtp smtp;
  EXPECT_EQ(Pass(smtp).sent, 1);
  const std::string id = Outbox()[0].message_id;
  const std::string dsn =
      "From: MAILER-DAEMON@mx.vendor.example\r\nTo: cvd@coordinator.example\r\nSubject: Undelivered Mail\r\n"
      "Message-ID: <dsn1@mx.vendor.example>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
      "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
      "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.vendor.example\r\n\r\n"
      "Final-Recipient: rfc822; gone@vendor.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
      "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
      "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + id + "\r\nSubject: x\r\n\r\n--B--\r\n";
  auto r = Ingest(dsn);
  EXPECT_EQ(r.disposition, store::InboundDisposition::kBounce);
  auto m = Outbox()[0];
  EXPECT_EQ(m.status, OutboxStatus::kBounced);
  EXPECT_EQ(m.bounce_detail, "5.1.1 smtp; 550 5.1.1 user unknown");
  // A bounce about a message we never sent waits for a person.
  std::string other = dsn;
  other.replace(other.find(id), id.size(), "<someone-else@example.org>");
  other.replace(other.find("dsn1"), 4, "dsn2");
  EXPECT_EQ(Ingest(other).detail, kReasonUnknownBounce);
}

}  // namespace
}  // namespace cvdhub::app
