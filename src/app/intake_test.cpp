// App-level tests of intake, triage and accounts over the real SQLite store,
// the real Japanese calendar and the compiled-in catalogues.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "app/app_test_support.hpp"
#include "app/context.hpp"
#include "app/security.hpp"
#include "app/services.hpp"
#include "domain/calendar.hpp"
#include "i18n/catalog.hpp"
#include "store/store.hpp"

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif

namespace cvdhub::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using domain::Language;
using domain::Report;
using domain::ReportStatus;
using domain::Role;

constexpr const char* kPassword = "correct horse battery";

// A UTC instant.
Timestamp Utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}
sys_days Day(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

// A complete software report in the finder's language.
domain::ReportSubmission Software(std::string title, Language lang = Language::kJa) {
  domain::ReportSubmission s;
  s.kind = domain::ReportKind::kSoftware;
  s.title = std::move(title);
  s.product_name = "Example CMS";
  s.product_version = "4.2.1";
  s.product_url = "https://cms.example.jp/";
  s.discovery_method = "code review";
  s.reproduction = "POST /login user=' OR 1=1 --";
  s.impact = "authentication bypass";
  s.finder_name = "山田 太郎";
  s.finder_contact = "taro@example.jp";
  s.language = lang;
  return s;
}

class IntakeTest : public test_support::AppFixture {
 protected:
  IntakeTest() : AppFixture(Utc(2026, 4, 28, 10, 0)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
  }

  Actor NewUser(const std::string& name, Role role, Language lang = Language::kJa) {
    auto u = services_->accounts.AddUser(name + "@example.jp", "User " + name, role, kPassword, lang);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  Report MustSubmit(const Actor& who, domain::ReportSubmission s) {
    auto r = services_->reports.Submit(who, std::move(s));
    EXPECT_TRUE(r.ok()) << r.error().field << ": " << r.error().message;
    return r.ok() ? *r : Report{};
  }

  Report Stored(domain::ReportId id) {
    Report out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto r = tx.FindReport(id);
      if (!r) return r.error();
      out = *r;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  std::size_t ReportCount() {
    std::size_t n = 0;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto list = tx.ListReports({});
      if (!list) return list.error();
      n = list->size();
      return {};
    });
    EXPECT_TRUE(st.ok());
    return n;
  }

  std::vector<domain::Message> Messages(domain::ReportId id) {
    std::vector<domain::Message> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto m = tx.ListMessages(id);
      if (!m) return m.error();
      out = *m;
      return {};
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  std::vector<domain::Event> Events(domain::ReportId id, const std::string& action) {
    std::vector<domain::Event> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto e = tx.ListEvents("report", id);
      if (!e) return e.error();
      for (auto& ev : *e) {
        if (ev.action == action) out.push_back(ev);
      }
      return {};
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  std::vector<domain::ReportId> QueueIds() {
    auto q = services_->triage.Queue(analyst_);
    EXPECT_TRUE(q.ok());
    std::vector<domain::ReportId> ids;
    if (q.ok()) {
      for (const auto& item : *q) ids.push_back(item.report.id);
    }
    return ids;
  }

  Actor analyst_;  // set by tests that triage
};

// ---------------------------------------------------------------- Submit

TEST_F(IntakeTest, SubmitNumbersReportsAtOnceAndStampsReceiptAndDeadline) {
  // Every report gets an intake number at once; acknowledgement within 5 business days (P-A).
  const Actor finder = NewUser("finder", Role::kFinder);
  const Report r1 = MustSubmit(finder, Software("first"));
  EXPECT_EQ(r1.intake_number, "IN-2026-00001");
  EXPECT_GT(r1.id, 0);
  EXPECT_EQ(r1.status, ReportStatus::kReceived);
  EXPECT_EQ(r1.finder_user_id, finder.id());
  EXPECT_EQ(r1.received_at, Utc(2026, 4, 28, 10, 0));
  // Tue Apr 28 + 5 business days across Golden Week (Apr 29, May 3–6) → Mon May 11.
  EXPECT_EQ(r1.ack_deadline, Day(2026, 5, 11));
  EXPECT_FALSE(r1.acknowledged_at.has_value());

  clock_.Set(Utc(2026, 4, 28, 10, 1));
  const Report r2 = MustSubmit(finder, Software("second"));
  EXPECT_EQ(r2.intake_number, "IN-2026-00002");
  EXPECT_NE(r2.id, r1.id);

  const Report stored = Stored(r1.id);
  EXPECT_EQ(stored.intake_number, "IN-2026-00001");
  EXPECT_EQ(stored.received_at, Utc(2026, 4, 28, 10, 0));
  EXPECT_EQ(stored.ack_deadline, Day(2026, 5, 11));
  EXPECT_EQ(stored.submission.title, "first");
  const auto submitted = Events(r1.id, "report.submitted");
  ASSERT_EQ(submitted.size(), 1u);
  EXPECT_EQ(submitted[0].actor_id, finder.id());
  EXPECT_EQ(submitted[0].to_value, "received");
}

TEST_F(IntakeTest, AckDeadlineIsFiveBusinessDaysAfterTheJstDateOfReceipt) {
  // 5 business days (P-A) on the Japanese calendar; the day of receipt is the JST date.
  const Actor finder = NewUser("finder", Role::kFinder);
  const struct {
    const char* why;
    Timestamp received;
    std::string intake_prefix;
    sys_days deadline;
  } cases[] = {
      {"Tue before Golden Week", Utc(2026, 4, 28, 10, 0), "IN-2026-", Day(2026, 5, 11)},
      {"Thu 23:59 JST (UTC Thu)", Utc(2026, 11, 19, 14, 59, 59), "IN-2026-", Day(2026, 11, 27)},
      {"Fri 00:30 JST is Thu in UTC", Utc(2026, 11, 19, 15, 30), "IN-2026-", Day(2026, 11, 30)},
      {"Sat Nov 21 JST, Mon 23rd a holiday", Utc(2026, 11, 20, 15, 30), "IN-2026-", Day(2026, 11, 30)},
      {"Fri Dec 25 JST is Thu in UTC: closure from Dec 29", Utc(2026, 12, 24, 15, 0), "IN-2026-",
       Day(2027, 1, 7)},
      {"Dec 29 JST: closure and New Year skipped", Utc(2026, 12, 28, 16, 0), "IN-2026-", Day(2027, 1, 8)},
      {"Jan 1 JST counts in the new year", Utc(2026, 12, 31, 15, 0), "IN-2027-", Day(2027, 1, 8)},
  };
  for (const auto& c : cases) {
    clock_.Set(c.received);
    const Report r = MustSubmit(finder, Software(c.why));
    EXPECT_EQ(r.ack_deadline, c.deadline) << c.why << ": got " << domain::FormatDate(r.ack_deadline);
    EXPECT_TRUE(r.intake_number.starts_with(c.intake_prefix)) << c.why << ": " << r.intake_number;
    EXPECT_EQ(Stored(r.id).ack_deadline, c.deadline) << c.why;
  }
  // Numbering restarts with the (JST) year.
  clock_.Set(Utc(2027, 1, 5, 0, 0));
  EXPECT_EQ(MustSubmit(finder, Software("next")).intake_number, "IN-2027-00002");
}

TEST_F(IntakeTest, SubmitWithABadAttachmentWritesNothing) {
  const Actor finder = NewUser("finder", Role::kFinder);
  services_->ctx.config.max_attachment = 16;
  const std::vector<AttachmentUpload> bad_name = {
      {.filename = "poc.txt", .content_type = "text/plain", .bytes = "ok"},
      {.filename = "../../etc/passwd", .content_type = "text/plain", .bytes = "x"},
  };
  auto r1 = services_->reports.Submit(finder, Software("bad name"), bad_name);
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r1.error().field, "filename");

  const std::vector<AttachmentUpload> too_big = {
      {.filename = "ok.txt", .content_type = "text/plain", .bytes = "small"},
      {.filename = "big.bin", .content_type = "application/octet-stream", .bytes = std::string(17, 'b')},
  };
  auto r2 = services_->reports.Submit(finder, Software("too big"), too_big);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(r2.error().message, "attachment 'big.bin' is larger than 16 bytes");

  EXPECT_EQ(ReportCount(), 0u);

  // Nothing was consumed either: the next good report is still number 1.
  auto good = services_->reports.Submit(
      finder, Software("good"), {{.filename = "exactly16.bin", .content_type = "", .bytes = "0123456789abcdef"}});
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->intake_number, "IN-2026-00001");
  EXPECT_EQ(ReportCount(), 1u);
  auto view = services_->reports.View(finder, good->id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->attachments.size(), 1u);
  EXPECT_EQ(view->attachments[0].filename, "exactly16.bin");
  EXPECT_EQ(view->attachments[0].size, 16);
  EXPECT_EQ(view->attachments[0].content_type, "application/octet-stream");
  EXPECT_EQ(view->attachments[0].sha256, "9f9f5111f7b27a781f1f1ddde5ebc2dd2b796bfc7365c9c28b548e564176929f");
}

TEST_F(IntakeTest, InvalidSubmissionIsRejectedNamingTheField) {
  const Actor finder = NewUser("finder", Role::kFinder);
  auto s = Software("no version");
  s.product_version.clear();
  auto r = services_->reports.Submit(finder, s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "product_version");
  EXPECT_EQ(ReportCount(), 0u);
}

// ---------------------------------------------------------------- View

TEST_F(IntakeTest, EveryViewOfAReportIsAudited) {
  // Every read of embargoed material is audited (PROCESS §1).
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("audited"));

  clock_.Set(Utc(2026, 4, 28, 11, 0));
  auto view = services_->reports.View(analyst_, r.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  EXPECT_EQ(view->report.intake_number, "IN-2026-00001");
  EXPECT_FALSE(view->ack_overdue);

  auto list_audit = [&] {
    std::vector<store::AuditEntry> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto a = tx.ListAudit("report", r.id);
      if (!a) return a.error();
      out = *a;
      return {};
    });
    EXPECT_TRUE(st.ok());
    return out;
  };
  EXPECT_TRUE(list_audit().empty()) << "entries are buffered until a flush";
  services_->ctx.audit.Flush();
  const auto entries = list_audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].user_id, analyst_.id());
  EXPECT_EQ(entries[0].action, "report.read");
  EXPECT_EQ(entries[0].subject_type, "report");
  EXPECT_EQ(entries[0].subject_id, r.id);
  EXPECT_EQ(entries[0].at, Utc(2026, 4, 28, 11, 0));

  ASSERT_TRUE(services_->reports.View(finder, r.id).ok());
  services_->ctx.audit.Flush();
  const auto after = list_audit();
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].user_id, finder.id());
}

TEST_F(IntakeTest, AFinderSeesOnlyTheirOwnReports) {
  // Finders see their own reports only; existence does not leak (PROCESS §1).
  const Actor a = NewUser("finder-a", Role::kFinder);
  const Actor b = NewUser("finder-b", Role::kFinder);
  const Report ra = MustSubmit(a, Software("A's report"));

  auto by_b = services_->reports.View(b, ra.id);
  ASSERT_FALSE(by_b.ok());
  EXPECT_EQ(by_b.error().code, ErrorCode::kNotFound);
  auto missing = services_->reports.View(b, ra.id + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(by_b.error().message, missing.error().message) << "the same answer as for no report";

  auto anon = services_->reports.View(Actor::Anonymous(), ra.id);
  ASSERT_FALSE(anon.ok());
  EXPECT_EQ(anon.error().code, ErrorCode::kUnauthenticated);

  auto post = services_->reports.PostMessage(b, ra.id, "hello");
  ASSERT_FALSE(post.ok());
  EXPECT_EQ(post.error().code, ErrorCode::kNotFound);
  auto list_b = services_->reports.ListOwn(b);
  ASSERT_TRUE(list_b.ok());
  EXPECT_TRUE(list_b->empty());

  auto own = services_->reports.View(a, ra.id);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->report.submission.title, "A's report");
  auto list_a = services_->reports.ListOwn(a);
  ASSERT_TRUE(list_a.ok());
  ASSERT_EQ(list_a->size(), 1u);
  EXPECT_EQ((*list_a)[0].id, ra.id);

  services_->ctx.audit.Flush();
  auto st = store_->Read([&](store::Tx& tx) -> Status {
    auto entries = tx.ListAudit("report", ra.id);
    if (!entries) return entries.error();
    EXPECT_EQ(entries->size(), 1u) << "only the permitted read is audited";
    return {};
  });
  EXPECT_TRUE(st.ok());
}

// ---------------------------------------------------------------- Triage

TEST_F(IntakeTest, AcknowledgeTellsTheFinderOnceAndASecondTimeIsAConflict) {
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("ack me"));  // language ja

  clock_.Set(Utc(2026, 4, 30, 2, 0));
  ASSERT_TRUE(services_->triage.Acknowledge(analyst_, r.id, "").ok());
  const Report stored = Stored(r.id);
  EXPECT_EQ(stored.status, ReportStatus::kAcknowledged);
  ASSERT_TRUE(stored.acknowledged_at.has_value());
  EXPECT_EQ(*stored.acknowledged_at, Utc(2026, 4, 30, 2, 0));
  const auto msgs = Messages(r.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body,
            "届出 IN-2026-00001 を受領しました。現在内容を確認しています。受理の可否は改めてお知らせします。");
  EXPECT_EQ(msgs[0].author_id, analyst_.id());

  const Status again = services_->triage.Acknowledge(analyst_, r.id, "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Messages(r.id).size(), 1u) << "a refused transition tells nobody anything";
  EXPECT_EQ(Events(r.id, "report.status").size(), 1u);

  // The finder sees the report but may not triage it: Forbidden, not NotFound.
  const Status by_finder = services_->triage.Acknowledge(finder, r.id, "");
  ASSERT_FALSE(by_finder.ok());
  EXPECT_EQ(by_finder.error().code, ErrorCode::kForbidden);
}

TEST_F(IntakeTest, AcceptingSoftwareOpensAJvnCaseAndTellsTheFinderTheIdentifierInTheirLanguage) {
  // JVN# + 8 digits for a report through the Partnership (PROCESS §7); the finder is told (P-B).
  const Actor finder = NewUser("finder", Role::kFinder, Language::kEn);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("accept me", Language::kEn));

  clock_.Set(Utc(2026, 5, 1, 3, 0));
  auto c = services_->triage.Accept(analyst_, r.id, "Thank you.");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_TRUE(std::regex_match(c->identifier, std::regex(R"(JVN#[0-9]{8})"))) << c->identifier;
  EXPECT_EQ(c->track, domain::CaseTrack::kProduct);
  EXPECT_EQ(c->status, "coordinating");
  EXPECT_EQ(c->report_id, r.id);
  EXPECT_EQ(c->title, "accept me");

  const Report stored = Stored(r.id);
  EXPECT_EQ(stored.status, ReportStatus::kAccepted);
  ASSERT_TRUE(stored.acknowledged_at.has_value()) << "the decision acknowledges too";
  EXPECT_EQ(*stored.acknowledged_at, Utc(2026, 5, 1, 3, 0));
  ASSERT_TRUE(stored.decided_at.has_value());
  EXPECT_EQ(*stored.decided_at, Utc(2026, 5, 1, 3, 0));
  EXPECT_EQ(stored.case_id, c->id);
  EXPECT_EQ(stored.case_identifier, c->identifier);
  EXPECT_EQ(stored.decision_note, "Thank you.");

  const auto msgs = Messages(r.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "Your report IN-2026-00001 has been accepted and is now coordinated with the product "
                          "developer under the identifier " +
                              c->identifier + ". Please keep it confidential until publication.\n\nThank you.");
  // The finder still sees their report, now with its case identifier.
  auto view = services_->reports.View(finder, r.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->report.case_identifier, c->identifier);
  EXPECT_EQ(view->messages.size(), 1u);

  // Handed to coordination, the report is no longer intake's to see (PROCESS §1).
  auto twice = services_->triage.Accept(analyst_, r.id, "");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(QueueIds().empty()) << "an accepted report leaves the queue";
}

TEST_F(IntakeTest, AcceptingAReportFromOverseasOrDirectGivesJvnvu) {
  // JVNVU# for overseas coordinators or direct reports (PROCESS §7).
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r1 = MustSubmit(finder, Software("overseas"));
  auto c1 = services_->triage.Accept(analyst_, r1.id, "", domain::ReportSource::kOverseasCoordinator);
  ASSERT_TRUE(c1.ok());
  EXPECT_TRUE(std::regex_match(c1->identifier, std::regex(R"(JVNVU#[0-9]{8})"))) << c1->identifier;
  EXPECT_EQ(Stored(r1.id).submission.source, domain::ReportSource::kOverseasCoordinator);

  auto s = Software("direct");
  s.source = domain::ReportSource::kDirect;
  const Report r2 = MustSubmit(finder, s);
  auto c2 = services_->triage.Accept(analyst_, r2.id, "");
  ASSERT_TRUE(c2.ok());
  EXPECT_TRUE(std::regex_match(c2->identifier, std::regex(R"(JVNVU#[0-9]{8})"))) << c2->identifier;
  const auto msgs = Messages(r2.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "届出 IN-2026-00002 を受理しました。" + c2->identifier +
                              " として製品開発者との調整を開始します。公表まで情報は非公開としてください。");
}

TEST_F(IntakeTest, DeclineTellsTheFinderTheReasonInTheirLanguage) {
  // Already publicly known: handling ends and the finder is told (B *4).
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("already out"));  // ja

  clock_.Set(Utc(2026, 4, 30, 0, 0));
  ASSERT_TRUE(services_->triage.Decline(analyst_, r.id, domain::DeclineReason::kAlreadyPublic, "").ok());
  const Report stored = Stored(r.id);
  EXPECT_EQ(stored.status, ReportStatus::kDeclined);
  EXPECT_EQ(stored.decline_reason, domain::DeclineReason::kAlreadyPublic);
  EXPECT_EQ(stored.acknowledged_at, Utc(2026, 4, 30, 0, 0));
  EXPECT_FALSE(stored.case_id.has_value());
  const auto msgs = Messages(r.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body, "届出 IN-2026-00001 は受理されませんでした。理由：既に公知である（取扱いを終了します）。");
  EXPECT_NE(msgs[0].body.find(ctx_->catalog.Get(Language::kJa, "decline.already_public")), std::string::npos);

  const Status again = services_->triage.Decline(analyst_, r.id, domain::DeclineReason::kOutOfScope, "");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  auto accept = services_->triage.Accept(analyst_, r.id, "");
  ASSERT_FALSE(accept.ok());
  EXPECT_EQ(accept.error().code, ErrorCode::kConflict);
}

TEST_F(IntakeTest, DeclineInEnglishUsesTheEnglishReason) {
  const Actor finder = NewUser("finder", Role::kFinder, Language::kEn);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("old product", Language::kEn));
  ASSERT_TRUE(services_->triage.Decline(analyst_, r.id, domain::DeclineReason::kStale18Months, "Sorry.").ok());
  const auto msgs = Messages(r.id);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].body,
            "Your report IN-2026-00001 was not accepted. Reason: The product's last update was more than 18 "
            "months ago.\n\nSorry.");
}

TEST_F(IntakeTest, SetPriorityRecordsOneEventPerChangedFlag) {
  // Priority is raised for wide effect in Japan, critical infrastructure, large user base (P-C).
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  const Report r = MustSubmit(finder, Software("prio"));

  ASSERT_TRUE(services_->triage
                  .SetPriority(analyst_, r.id, {.wide_effect_japan = true, .large_user_base = true})
                  .ok());
  auto events = Events(r.id, "report.priority");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].field, "priority.wide_effect_japan");
  EXPECT_EQ(events[0].from_value, "false");
  EXPECT_EQ(events[0].to_value, "true");
  EXPECT_EQ(events[0].actor_id, analyst_.id());
  EXPECT_EQ(events[1].field, "priority.large_user_base");
  EXPECT_EQ(Stored(r.id).priority.Score(), 2);

  // Unchanged flags record nothing.
  ASSERT_TRUE(services_->triage
                  .SetPriority(analyst_, r.id, {.wide_effect_japan = true, .large_user_base = true})
                  .ok());
  EXPECT_EQ(Events(r.id, "report.priority").size(), 2u);

  ASSERT_TRUE(services_->triage
                  .SetPriority(analyst_, r.id, {.wide_effect_japan = true, .critical_infrastructure = true})
                  .ok());
  events = Events(r.id, "report.priority");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[2].field, "priority.critical_infrastructure");
  EXPECT_EQ(events[2].to_value, "true");
  EXPECT_EQ(events[3].field, "priority.large_user_base");
  EXPECT_EQ(events[3].from_value, "true");
  EXPECT_EQ(events[3].to_value, "false");
  const Report stored = Stored(r.id);
  EXPECT_TRUE(stored.priority.wide_effect_japan);
  EXPECT_TRUE(stored.priority.critical_infrastructure);
  EXPECT_FALSE(stored.priority.large_user_base);

  const Status by_finder = services_->triage.SetPriority(finder, r.id, {});
  ASSERT_FALSE(by_finder.ok());
  EXPECT_EQ(Events(r.id, "report.priority").size(), 4u);
}

TEST_F(IntakeTest, QueueOrdersByPriorityThenDeadlineAndFlagsOverdueReports) {
  // The system shows each report's ack deadline and flags misses (PROCESS §2); priority first (P-C).
  const Actor finder = NewUser("finder", Role::kFinder);
  analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
  clock_.Set(Utc(2026, 4, 28, 10, 0));
  const Report r1 = MustSubmit(finder, Software("r1"));  // deadline Mon May 11
  clock_.Set(Utc(2026, 4, 30, 1, 0));
  const Report r2 = MustSubmit(finder, Software("r2"));  // Thu Apr 30 JST → Tue May 12
  clock_.Set(Utc(2026, 5, 1, 1, 0));
  const Report r3 = MustSubmit(finder, Software("r3"));  // Fri May 1 JST → Wed May 13
  ASSERT_EQ(r1.ack_deadline, Day(2026, 5, 11));
  ASSERT_EQ(r2.ack_deadline, Day(2026, 5, 12));
  ASSERT_EQ(r3.ack_deadline, Day(2026, 5, 13));

  EXPECT_EQ(QueueIds(), (std::vector<domain::ReportId>{r1.id, r2.id, r3.id})) << "by deadline";
  {
    auto q = services_->triage.Queue(analyst_);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ((*q)[0].business_days_left, 3);  // May 7, 8, 11 after Fri May 1
    EXPECT_FALSE((*q)[0].ack_overdue);
  }

  ASSERT_TRUE(services_->triage.SetPriority(analyst_, r3.id, {.wide_effect_japan = true}).ok());
  EXPECT_EQ(QueueIds(), (std::vector<domain::ReportId>{r3.id, r1.id, r2.id}));
  ASSERT_TRUE(services_->triage
                  .SetPriority(analyst_, r2.id, {.wide_effect_japan = true, .critical_infrastructure = true})
                  .ok());
  EXPECT_EQ(QueueIds(), (std::vector<domain::ReportId>{r2.id, r3.id, r1.id}));

  // Tue May 12 09:00 JST: r1's deadline (May 11) has passed; r2's is today.
  clock_.Set(Utc(2026, 5, 12, 0, 0));
  auto q = services_->triage.Queue(analyst_);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0].report.id, r2.id);
  EXPECT_FALSE((*q)[0].ack_overdue);
  EXPECT_EQ((*q)[0].business_days_left, 0);
  EXPECT_EQ((*q)[1].report.id, r3.id);
  EXPECT_FALSE((*q)[1].ack_overdue);
  EXPECT_EQ((*q)[1].business_days_left, 1);
  EXPECT_EQ((*q)[2].report.id, r1.id);
  EXPECT_TRUE((*q)[2].ack_overdue);
  EXPECT_EQ((*q)[2].business_days_left, -1);
  auto view = services_->reports.View(finder, r1.id);
  ASSERT_TRUE(view.ok());
  EXPECT_TRUE(view->ack_overdue);

  // A late acknowledgement clears the flag; a decision removes the report from the queue.
  ASSERT_TRUE(services_->triage.Acknowledge(analyst_, r1.id, "").ok());
  ASSERT_TRUE(services_->triage.Decline(analyst_, r2.id, domain::DeclineReason::kNotAVulnerability, "").ok());
  q = services_->triage.Queue(analyst_);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 2u);
  EXPECT_EQ((*q)[0].report.id, r3.id);
  EXPECT_EQ((*q)[1].report.id, r1.id);
  EXPECT_FALSE((*q)[1].ack_overdue);
  EXPECT_EQ((*q)[1].report.status, ReportStatus::kAcknowledged);

  auto by_finder = services_->triage.Queue(finder);
  ASSERT_FALSE(by_finder.ok());
  EXPECT_EQ(by_finder.error().code, ErrorCode::kForbidden);
}

// ---------------------------------------------------------------- Accounts

TEST_F(IntakeTest, LoginIsRateLimitedPerAddressForTheWholeWindow) {
  const Actor alice = NewUser("alice", Role::kFinder);
  const Timestamp t0 = Utc(2026, 4, 28, 10, 0);
  clock_.Set(t0);
  for (int i = 0; i < 10; ++i) {
    // A different client each time: the address's own budget is what runs out.
    auto r = services_->accounts.Login("alice@example.jp", "wrong password " + std::to_string(i),
                                       "198.51.100." + std::to_string(i));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << "attempt " << i;
    EXPECT_EQ(r.error().message, "wrong email or password");
  }
  auto limited = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.1");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);

  clock_.Set(t0 + minutes(15));  // still inside the 15-minute window
  auto still = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.2");
  ASSERT_FALSE(still.ok());
  EXPECT_EQ(still.error().code, ErrorCode::kRateLimited);

  clock_.Set(t0 + minutes(15) + seconds(1));
  auto ok = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.3");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->user.id, alice.id());
  EXPECT_FALSE(ok->session_token.empty());
  EXPECT_NE(ok->session_token, ok->csrf_token);
}

TEST_F(IntakeTest, LoginRateLimitIgnoresTheCaseOfTheAddress) {
  // The store finds "ALICE@example.jp" as alice, so failures under any spelling count for her.
  NewUser("alice", Role::kFinder);
  const char* spellings[] = {"Alice@example.jp", "ALICE@EXAMPLE.JP", "alice@Example.JP", "aLiCe@example.jp",
                             "alice@EXAMPLE.jp"};
  for (int i = 0; i < 10; ++i) {
    auto r = services_->accounts.Login(spellings[i % 5], "wrong password", "198.51.100." + std::to_string(i));
    ASSERT_FALSE(r.ok());
    ASSERT_EQ(r.error().code, ErrorCode::kUnauthenticated) << "attempt " << i;
  }
  auto limited = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.1");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
}

TEST_F(IntakeTest, LoginIsRateLimitedPerClientAcrossAddresses) {
  const Actor alice = NewUser("alice", Role::kFinder);
  for (int i = 0; i < 10; ++i) {
    auto r = services_->accounts.Login("nobody" + std::to_string(i) + "@example.jp", kPassword, "192.0.2.9");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().message, "wrong email or password") << "unknown address, same answer";
  }
  auto limited = services_->accounts.Login("alice@example.jp", kPassword, "192.0.2.9");
  ASSERT_FALSE(limited.ok());
  EXPECT_EQ(limited.error().code, ErrorCode::kRateLimited);
  auto elsewhere = services_->accounts.Login("alice@example.jp", kPassword, "192.0.2.10");
  ASSERT_TRUE(elsewhere.ok()) << elsewhere.error().message;
  EXPECT_EQ(elsewhere->user.id, alice.id());
}

TEST_F(IntakeTest, SessionsExpireAfterTheSessionTtl) {
  const Actor alice = NewUser("alice", Role::kFinder);
  const Timestamp t0 = Utc(2026, 4, 28, 10, 0);
  clock_.Set(t0);
  auto login = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.1");
  ASSERT_TRUE(login.ok()) << login.error().message;

  auto p = services_->accounts.FromSession(login->session_token);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->user.id, alice.id());
  EXPECT_EQ(p->csrf_token, login->csrf_token);
  EXPECT_TRUE(p->via_session);

  ASSERT_EQ(services_->ctx.config.session_ttl, hours(12));
  clock_.Set(t0 + hours(12) - seconds(1));
  EXPECT_TRUE(services_->accounts.FromSession(login->session_token).ok());
  clock_.Set(t0 + hours(12));
  auto expired = services_->accounts.FromSession(login->session_token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);

  EXPECT_EQ(services_->accounts.FromSession("").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(services_->accounts.FromSession("forged-token").error().code, ErrorCode::kUnauthenticated);
}

TEST_F(IntakeTest, LogoutEndsTheSession) {
  NewUser("alice", Role::kFinder);
  auto login = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(services_->accounts.Logout(login->session_token).ok());
  EXPECT_EQ(services_->accounts.FromSession(login->session_token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(IntakeTest, ApiTokensAuthenticateTheirOwner) {
  const Actor alice = NewUser("alice", Role::kFinder);
  auto token = services_->accounts.IssueApiToken(alice, "ci");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_TRUE(token->starts_with("cvd_")) << *token;

  auto p = services_->accounts.FromApiToken(*token);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->user.id, alice.id());
  EXPECT_EQ(p->user.role, Role::kFinder);
  EXPECT_FALSE(p->via_session);
  EXPECT_TRUE(p->csrf_token.empty());

  // The token authorises like the account: the owner can submit with it.
  const Report r = MustSubmit(Actor{p->user}, Software("via API"));
  EXPECT_EQ(r.finder_user_id, alice.id());

  EXPECT_EQ(services_->accounts.FromApiToken(*token + "x").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(services_->accounts.FromApiToken("").error().code, ErrorCode::kUnauthenticated);
  // A session token is not an API token.
  auto login = services_->accounts.Login("alice@example.jp", kPassword, "203.0.113.1");
  ASSERT_TRUE(login.ok());
  EXPECT_FALSE(services_->accounts.FromApiToken(login->session_token).ok());

  auto anon = services_->accounts.IssueApiToken(Actor::Anonymous(), "x");
  ASSERT_FALSE(anon.ok());
  EXPECT_EQ(anon.error().code, ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace cvdhub::app
