// App-level tests of coordination (PROCESS.md §4) over the real SQLite store,
// the real calendar, the compiled-in catalogues and Vultron tables.
#include "app/app_test_support.hpp"
#include "app/coordination.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

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
using domain::CaseId;
using domain::CaseVendor;
using domain::Engagement;
using domain::Language;
using domain::OverviewAnswer;
using domain::PublicationDateState;
using domain::Role;
using domain::ThreadKind;
using domain::VendorStatus;

constexpr const char* kPassword = "correct horse battery";
constexpr const char* kOverview = "Do any of your products use the XML parser of libexample 1.x?";
constexpr const char* kDetails = "Heap overflow in parse_xml() on a 70000-byte attribute; PoC: poc.xml";

// A UTC instant.
Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

// The error code of a failed Status/Result, nullopt on success.
template <typename R>
std::optional<ErrorCode> Code(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

// "2026-06-15 10:00 JST (2026-06-15T01:00:00Z)", as case messages write dates.
std::string DateTime(Timestamp t) {
  return FormatJst(t) + " (" + FormatIsoUtc(t) + ")";
}

struct VendorAccount {
  std::int64_t id = 0;
  std::string name;
  Actor user;
};

class CoordinationTest : public test_support::AppFixture {
 protected:
  CoordinationTest() : AppFixture(Utc(2026, 5, 1, 1, 0)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    lead_ = NewUser("lead", Role::kLeadCoordinator);
    analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
    finder_ = NewUser("finder", Role::kFinder);
  }

  Coordination& coord() { return services_->coordination; }

  Actor NewUser(const std::string& name, Role role, Language lang = Language::kJa) {
    auto u = services_->accounts.AddUser(name + "@example.jp", "User " + name, role, kPassword, lang);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  // A case opened from the finder's accepted software report (P-B).
  domain::Case NewCase(const std::string& title = "Heap overflow in Example CMS") {
    domain::ReportSubmission s;
    s.kind = domain::ReportKind::kSoftware;
    s.title = title;
    s.product_name = "Example CMS";
    s.product_version = "4.2.1";
    s.product_url = "https://cms.example.jp/";
    s.discovery_method = "fuzzing";
    s.reproduction = "upload poc.xml";
    s.impact = "remote code execution";
    s.finder_name = "山田 太郎";
    s.finder_contact = "taro@example.jp";
    s.language = Language::kJa;
    auto r = services_->reports.Submit(finder_, s);
    EXPECT_TRUE(r.ok()) << r.error().message;
    if (!r.ok()) return {};
    auto c = services_->triage.Accept(analyst_, r->id, "");
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : domain::Case{};
  }

  // A registered vendor with one PSIRT member account.
  VendorAccount NewVendor(const std::string& slug) {
    VendorAccount v{.name = "Vendor " + slug};
    auto vid = services_->registry.Create(
        lead_, domain::Vendor{.name = v.name, .contact_email = "psirt@" + slug + ".example"});
    EXPECT_TRUE(vid.ok()) << vid.error().message;
    v.id = vid.ok() ? *vid : 0;
    v.user = NewUser("psirt-" + slug, Role::kVendor);
    const Status member = services_->registry.AddMember(lead_, v.id, v.user.id());
    EXPECT_TRUE(member.ok()) << member.error().message;
    return v;
  }

  void WriteInfo(CaseId id, const std::string& overview = kOverview, const std::string& details = kDetails) {
    const Status st = coord().UpdateInfo(lead_, id, {.overview = overview, .details = details});
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  void Add(CaseId id, const VendorAccount& v, bool obvious = false, int tier = 0) {
    const Status st = coord().AddVendor(lead_, id, v.id, obvious, tier);
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // Adds the vendor and sends it the overview notice (G2-1).
  void Notify(CaseId id, const VendorAccount& v) {
    Add(id, v);
    const Status st = coord().SendOverview(lead_, id, v.id);
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  // Adds the vendor, sends the overview; it asks for details, which are released (G3).
  void GiveDetails(CaseId id, const VendorAccount& v) {
    Notify(id, v);
    const Status asked = coord().AnswerOverview(v.user, id, OverviewAnswer::kMayBeAffected);
    ASSERT_TRUE(asked.ok()) << asked.error().message;
    const Status released = coord().ReleaseDetails(lead_, id, v.id);
    ASSERT_TRUE(released.ok()) << released.error().message;
  }

  domain::CaseCoordination Coord(CaseId id) {
    domain::CaseCoordination out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto c = tx.coordination().FindCoordination(id);
      if (!c) return c.error();
      out = *c;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  domain::Case StoredCase(CaseId id) {
    domain::Case out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto c = tx.FindCase(id);
      if (!c) return c.error();
      out = *c;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  CaseVendor Row(CaseId id, std::int64_t vendor_id) {
    CaseVendor out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto v = tx.coordination().FindCaseVendor(id, vendor_id);
      if (!v) return v.error();
      out = *v;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  std::vector<domain::Event> Events(CaseId id) {
    std::vector<domain::Event> out;
    auto st = store_->Read([&](store::Tx& tx) -> Status {
      auto e = tx.ListEvents("case", id);
      if (!e) return e.error();
      out = *e;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  std::vector<domain::Event> Events(CaseId id, const std::string& action) {
    auto all = Events(id);
    std::erase_if(all, [&](const domain::Event& e) { return e.action != action; });
    return all;
  }

  std::vector<domain::CaseMessage> Thread(const Actor& who, CaseId id, ThreadKind kind, std::int64_t party) {
    auto m = coord().Messages(who, id, kind, party, {});
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? *m : std::vector<domain::CaseMessage>{};
  }

  std::vector<domain::Message> ReportThread(domain::ReportId id) {
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

  // A case message in both languages, as vendor and case threads carry them.
  std::string Both(std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
    return ctx_->catalog.Format(Language::kJa, key, args) + "\n\n" +
           ctx_->catalog.Format(Language::kEn, key, args);
  }

  // Agrees `at` with every vendor in the table (G4-1).
  void AgreeWithAll(CaseId id, Timestamp at, const std::vector<VendorAccount>& vendors) {
    ASSERT_TRUE(coord().ProposeDate(lead_, id, at, "").ok());
    for (const auto& v : vendors) {
      const Status st = coord().RespondDate(v.user, id, true, "");
      ASSERT_TRUE(st.ok()) << st.error().message;
    }
    ASSERT_EQ(Coord(id).publication.state, PublicationDateState::kAgreed);
  }

  Actor lead_;
  Actor analyst_;
  Actor finder_;
};

// ---------------------------------------------------------------- Overview notice (G2-1, G2-3)

TEST_F(CoordinationTest, SendOverviewIsRefusedWithoutAnOverviewText) {
  // Candidates get an overview with no technical detail (G2-1): it must be written first.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  Add(c.id, a);
  const Status st = coord().SendOverview(lead_, c.id, a.id);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().message, "write the overview (no technical detail) first");
  EXPECT_FALSE(Row(c.id, a.id).initial_contact_at.has_value());
  EXPECT_TRUE(Thread(lead_, c.id, ThreadKind::kVendor, a.id).empty());
}

TEST_F(CoordinationTest, NothingIsDisclosedToAnUnregisteredDeveloper) {
  // A developer with no registration must register individually before anything is disclosed (G2-3).
  const auto c = NewCase();
  WriteInfo(c.id);
  auto token = coord().AddUnregisteredVendor(lead_, c.id, "Unregistered Soft", "psirt@unreg.example");
  ASSERT_TRUE(token.ok()) << token.error().message;
  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->vendors.size(), 1u);
  const CaseVendor& v = view->vendors[0].vendor;
  EXPECT_EQ(v.vendor_name, "Unregistered Soft");
  EXPECT_FALSE(v.registered);

  const Status overview = coord().SendOverview(lead_, c.id, v.vendor_id);
  ASSERT_FALSE(overview.ok());
  EXPECT_EQ(overview.error().code, ErrorCode::kConflict);
  EXPECT_EQ(overview.error().message, "the developer must register before anything is disclosed");
  const Status details = coord().ReleaseDetails(lead_, c.id, v.vendor_id);
  ASSERT_FALSE(details.ok());
  EXPECT_EQ(details.error().code, ErrorCode::kConflict);
  EXPECT_EQ(details.error().message, "the developer must register before anything is disclosed");

  const CaseVendor after = Row(c.id, v.vendor_id);
  EXPECT_FALSE(after.initial_contact_at.has_value());
  EXPECT_FALSE(after.details_released_at.has_value());
  EXPECT_TRUE(Thread(lead_, c.id, ThreadKind::kVendor, v.vendor_id).empty());
}

TEST_F(CoordinationTest, OverviewSetsTheInitialContactDateAndTheAnswerDue) {
  // The overview notice is the 起算日 of the vendor (G4-1); its answer is due in 10 days.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  Add(c.id, a);
  const Timestamp t0 = Utc(2026, 5, 1, 1, 0);
  ASSERT_TRUE(coord().SendOverview(lead_, c.id, a.id).ok());

  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->vendors.size(), 1u);
  const CaseVendor& v = view->vendors[0].vendor;
  EXPECT_EQ(v.initial_contact_at, t0);
  EXPECT_EQ(v.overview_sent_at, t0);
  EXPECT_EQ(v.answer_due, Utc(2026, 5, 11, 1, 0));
  EXPECT_EQ(v.rm_state, "RECEIVED");
  EXPECT_EQ(view->vendors[0].engagement, Engagement::kNotified);
  EXPECT_EQ(view->vendors[0].status, std::nullopt);
  EXPECT_EQ(view->clocks.initial_contact, t0);
  EXPECT_EQ(view->clocks.target_45, Utc(2026, 6, 15, 1, 0));
  EXPECT_EQ(view->clocks.closing_120, Utc(2026, 8, 29, 1, 0));
  EXPECT_EQ(view->clocks.withdrawal_1y, Utc(2027, 5, 1, 1, 0));

  const auto thread = Thread(lead_, c.id, ThreadKind::kVendor, a.id);
  ASSERT_EQ(thread.size(), 1u);
  // The bilingual request, then the coordinator's overview once.
  EXPECT_EQ(thread[0].body, Both("case.msg.overview", {{"identifier", c.identifier}}) + "\n\n" + kOverview);
  EXPECT_EQ(thread[0].body.find(kDetails), std::string::npos) << "no technical detail in the overview";

  // A second notice is refused and does not move the 起算日.
  clock_.Set(Utc(2026, 5, 3));
  const Status again = coord().SendOverview(lead_, c.id, a.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Row(c.id, a.id).initial_contact_at, t0);

  // Silent past the due time: unresponsive, and counted as silent in the case list.
  clock_.Set(Utc(2026, 5, 11, 1, 0, 1));
  view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->vendors[0].engagement, Engagement::kUnresponsive);
  auto list = coord().ListCases(lead_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].vendors, 1);
  EXPECT_EQ((*list)[0].silent_vendors, 1);
}

TEST_F(CoordinationTest, AnsweringMayBeAffectedRequestsTheDetails) {
  // Each candidate answers "may be affected → request details" or "not affected" (G2-1).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  WriteInfo(c.id);
  Notify(c.id, a);
  Notify(c.id, b);

  const Timestamp t1 = Utc(2026, 5, 2, 3, 0);
  clock_.Set(t1);
  ASSERT_TRUE(coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected).ok());
  const CaseVendor va = Row(c.id, a.id);
  EXPECT_EQ(va.overview_answer, OverviewAnswer::kMayBeAffected);
  EXPECT_EQ(va.overview_answered_at, t1);
  EXPECT_EQ(va.details_requested_at, t1);
  EXPECT_EQ(va.last_answer_at, t1);
  EXPECT_FALSE(va.answer_due.has_value()) << "answered: no longer waiting";
  EXPECT_EQ(va.rm_state, "VALID");
  EXPECT_EQ(domain::DeriveEngagement(va, t1), Engagement::kDetailsRequested);

  ASSERT_TRUE(coord().AnswerOverview(b.user, c.id, OverviewAnswer::kNotAffected).ok());
  const CaseVendor vb = Row(c.id, b.id);
  EXPECT_EQ(vb.overview_answer, OverviewAnswer::kNotAffected);
  EXPECT_FALSE(vb.details_requested_at.has_value());
  EXPECT_EQ(vb.rm_state, "CLOSED");
  EXPECT_EQ(domain::DeriveEngagement(vb, t1), Engagement::kAcknowledged);

  const Status twice = coord().AnswerOverview(a.user, c.id, OverviewAnswer::kNotAffected);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Row(c.id, a.id).overview_answer, OverviewAnswer::kMayBeAffected);
  const Status none = coord().AnswerOverview(b.user, c.id, OverviewAnswer::kNone);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(none.error().field, "answer");

  const auto answered = Events(c.id, "case.overview_answered");
  ASSERT_EQ(answered.size(), 2u);
  EXPECT_EQ(answered[0].field, "Vendor a");
  EXPECT_EQ(answered[0].to_value, "may_be_affected");
  EXPECT_EQ(answered[0].actor_id, a.user.id());
  EXPECT_EQ(answered[1].to_value, "not_affected");
}

// ---------------------------------------------------------------- Details (G3)

TEST_F(CoordinationTest, DetailsGoOnlyToVendorsThatAskedOrAreObvious) {
  // Details are released only to developers who asked, or where the developer is obvious (G3).
  const auto c = NewCase();
  const auto silent = NewVendor("silent");
  const auto declined = NewVendor("declined");
  const auto obvious = NewVendor("obvious");
  WriteInfo(c.id);
  Notify(c.id, silent);
  Notify(c.id, declined);
  ASSERT_TRUE(coord().AnswerOverview(declined.user, c.id, OverviewAnswer::kNotAffected).ok());
  Add(c.id, obvious, /*obvious=*/true);

  for (const auto* v : {&silent, &declined}) {
    const Status st = coord().ReleaseDetails(lead_, c.id, v->id);
    ASSERT_FALSE(st.ok()) << v->name;
    EXPECT_EQ(st.error().code, ErrorCode::kConflict);
    EXPECT_EQ(st.error().message, "details go only to vendors that asked for them, or obvious ones");
    EXPECT_FALSE(Row(c.id, v->id).details_released_at.has_value());
  }

  // The obvious developer skips the overview step: the details are its first contact.
  const Timestamp t1 = Utc(2026, 5, 4, 2, 0);
  clock_.Set(t1);
  ASSERT_TRUE(coord().ReleaseDetails(lead_, c.id, obvious.id).ok());
  const CaseVendor v = Row(c.id, obvious.id);
  EXPECT_EQ(v.details_released_at, t1);
  EXPECT_EQ(v.initial_contact_at, t1);
  EXPECT_FALSE(v.overview_sent_at.has_value());
  EXPECT_EQ(v.answer_due, t1 + days(10)) << "the investigation report is expected";
  EXPECT_EQ(v.rm_state, "ACCEPTED");
  EXPECT_EQ(domain::EffectiveStatus(v), VendorStatus::kInformationProvided);
  const auto thread = Thread(lead_, c.id, ThreadKind::kVendor, obvious.id);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].body, Both("case.msg.details", {{"identifier", c.identifier}}) + "\n\n" + kDetails);

  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->status_history.size(), 1u) << "in the vendor table as 'information provided' from now on";
  EXPECT_EQ(view->status_history[0].vendor_id, obvious.id);
  EXPECT_EQ(view->status_history[0].status, VendorStatus::kInformationProvided);
  EXPECT_EQ(view->status_history[0].at, t1);
  EXPECT_EQ(view->status_history[0].by_user, lead_.id());

  const Status twice = coord().ReleaseDetails(lead_, c.id, obvious.id);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
}

TEST_F(CoordinationTest, DetailsMustBeWrittenBeforeTheyAreReleased) {
  // What is released is the coordinator's details text (G3); an empty one is not released.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id, kOverview, "");
  Notify(c.id, a);
  ASSERT_TRUE(coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected).ok());
  const Status st = coord().ReleaseDetails(lead_, c.id, a.id);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kConflict);
  EXPECT_EQ(st.error().message, "write the details first");
  EXPECT_FALSE(Row(c.id, a.id).details_released_at.has_value());
}

TEST_F(CoordinationTest, TheVendorSeesTitleAndDetailsOnlyOnceReleasedToIt) {
  // Vendor contacts see overview notices, and details only after the coordinator released them (PROCESS §1).
  const auto c = NewCase("Heap overflow in parse_xml of Example CMS");
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  Notify(c.id, a);

  auto before = coord().VendorView(a.user, c.id);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(before->c.identifier, c.identifier);
  EXPECT_EQ(before->c.title, "") << "the title can carry technical detail";
  EXPECT_EQ(before->overview, kOverview);
  EXPECT_EQ(before->details, "");
  EXPECT_EQ(before->status, std::nullopt);
  EXPECT_EQ(before->me.vendor_id, a.id);
  auto listed = coord().ListCases(a.user);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].c.title, "");

  // Asking for details is allowed, reading them is not yet.
  ASSERT_TRUE(coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected).ok());
  EXPECT_EQ(coord().VendorView(a.user, c.id)->details, "");
  EXPECT_EQ(Code(coord().Messages(a.user, c.id, ThreadKind::kCase, 0, {})), ErrorCode::kNotFound)
      << "the case thread is for vendors with details";

  ASSERT_TRUE(coord().ReleaseDetails(lead_, c.id, a.id).ok());
  auto after = coord().VendorView(a.user, c.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->c.title, "Heap overflow in parse_xml of Example CMS");
  EXPECT_EQ(after->details, kDetails);
  EXPECT_EQ(after->status, VendorStatus::kInformationProvided);
  ASSERT_EQ(after->my_history.size(), 1u);
  EXPECT_EQ(after->clocks.initial_contact, Utc(2026, 5, 1, 1, 0));
  listed = coord().ListCases(a.user);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)[0].c.title, "Heap overflow in parse_xml of Example CMS");
}

// ---------------------------------------------------------------- Need to know (PROCESS §1, G8-3)

TEST_F(CoordinationTest, AVendorNeverSeesAnotherVendorsRecordOrThread) {
  // Developers never see each other's statements or contacts, nor talk directly (G8-3).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  WriteInfo(c.id);
  GiveDetails(c.id, b);  // b, upstream, is told first
  clock_.Set(Utc(2026, 5, 5, 1, 0));
  GiveDetails(c.id, a);
  ASSERT_TRUE(
      coord().FileStatement(b.user, c.id, {.status = VendorStatus::kAffected, .statement = "B's fix"}).ok());

  auto view = coord().VendorView(a.user, c.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->me.vendor_id, a.id);
  ASSERT_EQ(view->my_history.size(), 1u);
  EXPECT_EQ(view->my_history[0].vendor_id, a.id);
  EXPECT_EQ(view->clocks.initial_contact, Utc(2026, 5, 5, 1, 0)) << "its own contact, not b's earlier one";

  const auto b_thread = coord().Messages(a.user, c.id, ThreadKind::kVendor, b.id, {});
  ASSERT_FALSE(b_thread.ok());
  EXPECT_EQ(b_thread.error().code, ErrorCode::kNotFound);
  const auto own = Thread(a.user, c.id, ThreadKind::kVendor, a.id);
  ASSERT_EQ(own.size(), 2u);  // overview and details
  EXPECT_EQ(own[0].party_id, a.id);

  // Posting "to b" lands in a's own thread with the coordinator.
  auto posted = coord().Post(a.user, c.id, ThreadKind::kVendor, b.id, "Is vendor b affected too?");
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->party_id, a.id);
  EXPECT_EQ(Thread(lead_, c.id, ThreadKind::kVendor, a.id).size(), 3u);
  const auto b_seen_by_lead = Thread(lead_, c.id, ThreadKind::kVendor, b.id);
  EXPECT_EQ(b_seen_by_lead.size(), 2u);
  for (const auto& m : b_seen_by_lead) EXPECT_NE(m.body, "Is vendor b affected too?");
  EXPECT_EQ(Thread(b.user, c.id, ThreadKind::kVendor, b.id).size(), 2u);
}

TEST_F(CoordinationTest, ACaseDoesNotExistForAVendorNotYetNotified) {
  // Default deny: nothing about a case reaches a developer before it is notified (PROCESS §1).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto waiting = NewVendor("waiting");
  WriteInfo(c.id);
  Notify(c.id, a);
  Add(c.id, waiting);

  const auto view = coord().VendorView(waiting.user, c.id);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code, ErrorCode::kNotFound);
  const auto missing = coord().VendorView(waiting.user, c.id + 1000);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, view.error().message) << "the same answer as for no case";
  EXPECT_EQ(Code(coord().AnswerOverview(waiting.user, c.id, OverviewAnswer::kMayBeAffected)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().Messages(waiting.user, c.id, ThreadKind::kVendor, waiting.id, {})),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().Post(waiting.user, c.id, ThreadKind::kVendor, waiting.id, "hello")),
            ErrorCode::kNotFound);
  auto list = coord().ListCases(waiting.user);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // Vendor accounts never get the coordinator's view.
  EXPECT_EQ(Code(coord().View(a.user, c.id)), ErrorCode::kNotFound);
}

TEST_F(CoordinationTest, ACoordinatorSeesOnlyAssignedCasesTheLeadSeesAll) {
  // Coordinators see everything in the cases they are assigned to; all cases if lead (PROCESS §1).
  const auto c1 = NewCase("first");
  const auto c2 = NewCase("second");
  const Actor coordinator = NewUser("coordinator", Role::kCoordinator);

  EXPECT_EQ(Code(coord().View(coordinator, c1.id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().UpdateInfo(coordinator, c1.id, {.overview = "x"})), ErrorCode::kNotFound);
  auto none = coord().ListCases(coordinator);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  ASSERT_TRUE(coord().AssignCoordinator(lead_, c1.id, coordinator.id()).ok());
  auto view = coord().View(coordinator, c1.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  EXPECT_EQ(view->c.title, "first");
  EXPECT_EQ(Code(coord().View(coordinator, c2.id)), ErrorCode::kNotFound);
  auto mine = coord().ListCases(coordinator);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].c.id, c1.id);

  EXPECT_TRUE(coord().View(lead_, c1.id).ok());
  EXPECT_TRUE(coord().View(lead_, c2.id).ok());
  auto all = coord().ListCases(lead_);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].c.id, c2.id) << "newest first";
  EXPECT_EQ((*all)[1].c.id, c1.id);

  EXPECT_EQ(Code(coord().View(analyst_, c1.id)), ErrorCode::kNotFound) << "intake hands the report over";
  EXPECT_EQ(Code(coord().View(finder_, c1.id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().View(Actor::Anonymous(), c1.id)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Code(coord().AssignCoordinator(lead_, c1.id, finder_.id())), ErrorCode::kInvalidInput);
}

// ---------------------------------------------------------------- Statements (G6-2, G6-5)

TEST_F(CoordinationTest, EveryStatusStatementIsKeptAsADatedHistoryEntry) {
  // Developers keep updating their status; every change is a dated history entry (G6-5).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  const Timestamp released = Utc(2026, 5, 1, 1, 0);
  GiveDetails(c.id, a);

  const Timestamp t1 = Utc(2026, 5, 8, 2, 0);
  clock_.Set(t1);
  ASSERT_TRUE(
      coord()
          .FileStatement(a.user, c.id,
                         {.status = VendorStatus::kAffectedInvestigating, .statement = "調査中です。"})
          .ok());
  const Timestamp t2 = Utc(2026, 5, 20, 4, 0);
  clock_.Set(t2);
  const Status fixed = coord().FileStatement(a.user, c.id,
                                             {.status = VendorStatus::kAffected,
                                              .statement = "2.0.1 で修正しました。",
                                              .advisory_url = "https://a.example/security/2026-001",
                                              .fix_ready = true});
  ASSERT_TRUE(fixed.ok()) << fixed.error().message;

  auto view = coord().VendorView(a.user, c.id);
  ASSERT_TRUE(view.ok());
  const auto& h = view->my_history;
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].status, VendorStatus::kInformationProvided);
  EXPECT_EQ(h[0].at, released);
  EXPECT_EQ(h[1].status, VendorStatus::kAffectedInvestigating);
  EXPECT_EQ(h[1].statement, "調査中です。");
  EXPECT_EQ(h[1].at, t1);
  EXPECT_EQ(h[1].by_user, a.user.id());
  EXPECT_EQ(h[2].status, VendorStatus::kAffected);
  EXPECT_EQ(h[2].statement, "2.0.1 で修正しました。");
  EXPECT_EQ(h[2].advisory_url, "https://a.example/security/2026-001");
  EXPECT_EQ(h[2].at, t2);
  EXPECT_EQ(view->status, VendorStatus::kAffected);
  EXPECT_EQ(view->me.statement_at, t2);
  EXPECT_TRUE(view->me.fix_ready);
  EXPECT_FALSE(view->me.fix_deployed);

  // The coordinator may file on the vendor's behalf; that is history too.
  clock_.Set(Utc(2026, 6, 1));
  ASSERT_TRUE(coord()
                  .FileStatementFor(lead_, c.id, a.id,
                                    {.status = VendorStatus::kAffected,
                                     .statement = "Fix deployed.",
                                     .fix_ready = true,
                                     .fix_deployed = true})
                  .ok());
  view = coord().VendorView(a.user, c.id);
  ASSERT_EQ(view->my_history.size(), 4u);
  EXPECT_EQ(view->my_history[3].by_user, lead_.id());
  EXPECT_TRUE(view->me.fix_deployed);

  const auto events = Events(c.id, "case.statement");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].from_value, "information_provided");
  EXPECT_EQ(events[0].to_value, "affected_investigating");
  EXPECT_EQ(events[1].from_value, "affected_investigating");
  EXPECT_EQ(events[1].to_value, "affected");
  EXPECT_EQ(events[2].actor_id, lead_.id());
}

TEST_F(CoordinationTest, AFixCannotBeDeployedBeforeItIsReady) {
  // Vultron case state: D (fix deployed) only after F (fix ready) (PROCESS §8).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  const auto version = Coord(c.id).version;

  const Status st = coord().FileStatement(
      a.user, c.id, {.status = VendorStatus::kAffected, .statement = "deployed", .fix_deployed = true});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(st.error().field, "fix_deployed");
  // Refused as a whole: no status, no history entry, no version bump.
  const CaseVendor v = Row(c.id, a.id);
  EXPECT_EQ(v.status, std::nullopt);
  EXPECT_FALSE(v.fix_deployed);
  EXPECT_FALSE(v.statement_at.has_value());
  EXPECT_EQ(coord().VendorView(a.user, c.id)->my_history.size(), 1u);
  EXPECT_EQ(Coord(c.id).version, version);
  EXPECT_TRUE(Events(c.id, "case.statement").empty());

  // F and D together are fine: F is applied first.
  ASSERT_TRUE(coord()
                  .FileStatement(a.user, c.id,
                                 {.status = VendorStatus::kAffected, .fix_ready = true, .fix_deployed = true})
                  .ok());
  EXPECT_TRUE(Row(c.id, a.id).fix_ready);
  EXPECT_TRUE(Row(c.id, a.id).fix_deployed);
}

TEST_F(CoordinationTest, StatementsNeedTheDetailsAndAValidAdvisoryUrl) {
  // A statement is filed by a developer in the vendor table (G3, G6-2).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  Notify(c.id, a);
  EXPECT_EQ(Code(coord().FileStatement(a.user, c.id, {.status = VendorStatus::kNotAffected})),
            ErrorCode::kNotFound);
  const Status on_behalf =
      coord().FileStatementFor(lead_, c.id, a.id, {.status = VendorStatus::kNotAffected});
  ASSERT_FALSE(on_behalf.ok());
  EXPECT_EQ(on_behalf.error().code, ErrorCode::kConflict);
  EXPECT_EQ(on_behalf.error().message, "a statement needs the details released first");

  ASSERT_TRUE(coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected).ok());
  ASSERT_TRUE(coord().ReleaseDetails(lead_, c.id, a.id).ok());
  const Status bad_url = coord().FileStatement(
      a.user, c.id, {.status = VendorStatus::kAffected, .advisory_url = "javascript:alert(1)"});
  ASSERT_FALSE(bad_url.ok());
  EXPECT_EQ(bad_url.error().field, "advisory_url");
  EXPECT_EQ(Row(c.id, a.id).status, std::nullopt);
}

// ---------------------------------------------------------------- Publication date (G4-1, G4-6, G8-5)

TEST_F(CoordinationTest, ProposeDateNeedsAVendorInTheTableAndAFutureTime) {
  // The date is set with the developers in the vendor table (G4-1); it lies in the future.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  Notify(c.id, a);
  const Timestamp future = Utc(2026, 6, 15, 1, 0);

  const Status no_table = coord().ProposeDate(lead_, c.id, future, "");
  ASSERT_FALSE(no_table.ok());
  EXPECT_EQ(no_table.error().code, ErrorCode::kConflict);
  EXPECT_EQ(no_table.error().message, "release details to at least one vendor before proposing a date");

  ASSERT_TRUE(coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected).ok());
  ASSERT_TRUE(coord().ReleaseDetails(lead_, c.id, a.id).ok());
  for (Timestamp when : {clock_.Now(), clock_.Now() - seconds(1), Utc(2026, 1, 1)}) {
    const Status past = coord().ProposeDate(lead_, c.id, when, "");
    ASSERT_FALSE(past.ok()) << FormatIsoUtc(when);
    EXPECT_EQ(past.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(past.error().field, "publication_at");
  }
  EXPECT_EQ(Coord(c.id).publication.state, PublicationDateState::kNone);

  ASSERT_TRUE(coord().ProposeDate(lead_, c.id, future, "Fix expected by then.").ok());
  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kProposed);
  EXPECT_EQ(cc.publication.at, future);
  EXPECT_EQ(cc.em_state, "PROPOSED");
  const auto thread = Thread(lead_, c.id, ThreadKind::kCase, 0);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].body,
            Both("case.msg.date_proposed", {{"date", DateTime(future)}}) + "\n\nFix expected by then.");
  auto vv = coord().VendorView(a.user, c.id);
  ASSERT_TRUE(vv.ok());
  EXPECT_EQ(vv->publication.state, PublicationDateState::kProposed);
  EXPECT_EQ(vv->publication.at, future);
  const auto proposed = Events(c.id, "case.date_proposed");
  ASSERT_EQ(proposed.size(), 1u);
  EXPECT_EQ(proposed[0].from_value, "");
  EXPECT_EQ(proposed[0].to_value, "2026-06-15T01:00:00Z");
}

TEST_F(CoordinationTest, TheDateIsAgreedOnceEveryVendorInTheTableAccepted) {
  // One date for all developers (G4-1): agreed when each of them accepted it.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  const auto overview_only = NewVendor("c");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  GiveDetails(c.id, b);
  Notify(c.id, overview_only);
  const Timestamp at = Utc(2026, 6, 15, 1, 0);
  ASSERT_TRUE(coord().ProposeDate(lead_, c.id, at, "").ok());

  const Status no_reason = coord().RespondDate(a.user, c.id, false, "");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "comment");
  EXPECT_EQ(Code(coord().RespondDate(overview_only.user, c.id, true, "")), ErrorCode::kNotFound)
      << "only vendors in the table answer the date";

  ASSERT_TRUE(coord().RespondDate(a.user, c.id, true, "").ok());
  EXPECT_EQ(Coord(c.id).publication.state, PublicationDateState::kProposed);
  EXPECT_EQ(Row(c.id, a.id).date_response, domain::DateResponse::kAccepted);
  ASSERT_TRUE(coord().RespondDate(b.user, c.id, true, "OK").ok());
  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, at);
  EXPECT_EQ(cc.em_state, "ACTIVE");

  const auto thread = Thread(lead_, c.id, ThreadKind::kCase, 0);
  ASSERT_EQ(thread.size(), 2u);
  EXPECT_EQ(thread[1].body, Both("case.msg.date_agreed", {{"date", DateTime(at)}}));
  const auto agreed = Events(c.id, "case.date_agreed");
  ASSERT_EQ(agreed.size(), 1u);
  EXPECT_EQ(agreed[0].to_value, "2026-06-15T01:00:00Z");
  EXPECT_EQ(Events(c.id, "case.date_response").size(), 2u);
}

TEST_F(CoordinationTest, ARevisionRequestAfterAgreementReopensTheDate) {
  // Any revision request goes to the coordinator, who re-agrees it with everyone (G4-1).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  GiveDetails(c.id, b);
  AgreeWithAll(c.id, Utc(2026, 6, 15, 1, 0), {a, b});
  ASSERT_EQ(Coord(c.id).em_state, "ACTIVE");

  ASSERT_TRUE(coord().RespondDate(a.user, c.id, false, "We need two more weeks for the fix.").ok());
  auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kProposed);
  EXPECT_EQ(cc.publication.at, Utc(2026, 6, 15, 1, 0));
  EXPECT_EQ(cc.em_state, "REVISE");
  const CaseVendor va = Row(c.id, a.id);
  EXPECT_EQ(va.date_response, domain::DateResponse::kRevisionRequested);
  EXPECT_EQ(va.date_comment, "We need two more weeks for the fix.");
  const auto a_thread = Thread(lead_, c.id, ThreadKind::kVendor, a.id);
  ASSERT_FALSE(a_thread.empty());
  EXPECT_EQ(a_thread.back().body,
            Both("case.msg.revision_requested", {{"comment", "We need two more weeks for the fix."}}));
  EXPECT_EQ(Thread(b.user, c.id, ThreadKind::kVendor, b.id).size(), 2u) << "b does not see a's request";

  // The coordinator proposes a new date; everyone re-accepts.
  const Timestamp later = Utc(2026, 6, 29, 1, 0);
  ASSERT_TRUE(coord().ProposeDate(lead_, c.id, later, "").ok());
  EXPECT_EQ(Coord(c.id).em_state, "REVISE");
  EXPECT_EQ(Row(c.id, b.id).date_response, domain::DateResponse::kNone) << "a new date is asked again of all";
  ASSERT_TRUE(coord().RespondDate(a.user, c.id, true, "").ok());
  EXPECT_EQ(Coord(c.id).publication.state, PublicationDateState::kProposed);
  ASSERT_TRUE(coord().RespondDate(b.user, c.id, true, "").ok());
  cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, later);
  EXPECT_EQ(cc.em_state, "ACTIVE");
}

TEST_F(CoordinationTest, AForeignCoordinatorsDateIsAdoptedWithItsName) {
  // When a foreign coordinator (e.g. CERT/CC) leads, its date is adopted (G4-6).
  const auto c = NewCase();
  const Timestamp at = Utc(2026, 7, 1, 13, 0);
  const Status unnamed = coord().AdoptForeignDate(lead_, c.id, at, "");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().field, "foreign_coordinator");

  ASSERT_TRUE(coord().AdoptForeignDate(lead_, c.id, at, "CERT/CC").ok());
  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, at);
  EXPECT_EQ(cc.publication.foreign_coordinator, "CERT/CC");
  EXPECT_EQ(cc.em_state, "ACTIVE");
  const auto events = Events(c.id, "case.date_foreign");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].from_value, "CERT/CC");
  EXPECT_EQ(events[0].to_value, "2026-07-01T13:00:00Z");
  const auto thread = Thread(lead_, c.id, ThreadKind::kCase, 0);
  ASSERT_EQ(thread.size(), 1u);
  EXPECT_EQ(thread[0].body,
            Both("case.msg.date_foreign", {{"date", DateTime(at)}, {"coordinator", "CERT/CC"}}));
}

TEST_F(CoordinationTest, PublishEarlyMovesTheDateForwardOnly) {
  // After a leak or exploitation the coordinator can move the date forward (G8-5).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  const Timestamp agreed = Utc(2026, 6, 15, 1, 0);
  AgreeWithAll(c.id, agreed, {a});

  const Status no_reason = coord().PublishEarly(lead_, c.id, Utc(2026, 5, 20), "", false);
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "reason");
  for (Timestamp not_earlier : {agreed, agreed + seconds(1), Utc(2026, 7, 1)}) {
    const Status st = coord().PublishEarly(lead_, c.id, not_earlier, "leak", false);
    ASSERT_FALSE(st.ok()) << FormatIsoUtc(not_earlier);
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(st.error().field, "publication_at");
    EXPECT_EQ(st.error().message, "early publication must move the date forward");
  }
  EXPECT_EQ(Coord(c.id).publication.at, agreed);

  const Timestamp early = Utc(2026, 5, 20, 1, 0);
  ASSERT_TRUE(coord().PublishEarly(lead_, c.id, early, "Details were posted on a forum.", false).ok());
  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, early);
  EXPECT_EQ(cc.publication.early_reason, "Details were posted on a forum.");
  EXPECT_EQ(cc.em_state, "ACTIVE") << "revised terms, agreed for everyone";
  EXPECT_FALSE(cc.attacks_observed);
  const auto events = Events(c.id, "case.date_early");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].from_value, "2026-06-15T01:00:00Z");
  EXPECT_EQ(events[0].to_value, "2026-05-20T01:00:00Z");
  const auto thread = Thread(a.user, c.id, ThreadKind::kCase, 0);
  ASSERT_FALSE(thread.empty());
  EXPECT_EQ(thread.back().body, Both("case.msg.date_early", {{"date", DateTime(early)},
                                                             {"reason", "Details were posted on a forum."}}))
      << "everyone in the case is told";
}

TEST_F(CoordinationTest, PublishEarlyBecauseOfExploitationSetsAAndEndsTheEmbargo) {
  // Exploitation (Vultron A) ends the embargo (G8-5; Vultron: SHOULD terminate when A).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  AgreeWithAll(c.id, Utc(2026, 6, 15, 1, 0), {a});

  const Timestamp early = Utc(2026, 5, 2, 1, 0);
  ASSERT_TRUE(coord().PublishEarly(lead_, c.id, early, "Attacks in the wild.", true).ok());
  const auto cc = Coord(c.id);
  EXPECT_TRUE(cc.attacks_observed);
  EXPECT_FALSE(cc.public_aware);
  EXPECT_EQ(cc.em_state, "EXITED");
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, early);
  EXPECT_EQ(cc.publication.early_reason, "Attacks in the wild.");
}

TEST_F(CoordinationTest, PublishEarlyDuringARevisionAgreesTheNewDateForEveryone) {
  // Moving the date forward sets new terms for everyone (G8-5), also while a revision is pending:
  // the embargo leaves REVISE for ACTIVE, as the publication date is "agreed".
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  AgreeWithAll(c.id, Utc(2026, 6, 15, 1, 0), {a});
  ASSERT_TRUE(coord().RespondDate(a.user, c.id, false, "Later, please.").ok());
  ASSERT_EQ(Coord(c.id).em_state, "REVISE");

  ASSERT_TRUE(coord().PublishEarly(lead_, c.id, Utc(2026, 5, 20, 1, 0), "Leaked.", false).ok());
  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.publication.state, PublicationDateState::kAgreed);
  EXPECT_EQ(cc.publication.at, Utc(2026, 5, 20, 1, 0));
  EXPECT_EQ(cc.em_state, "ACTIVE");
}

// ---------------------------------------------------------------- Vultron P/X/A

TEST_F(CoordinationTest, PublicAwarenessIsSetOnceAndEndsAnActiveEmbargo) {
  // The embargo must end once the issue is public (Vultron: SHALL terminate when P).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  AgreeWithAll(c.id, Utc(2026, 6, 15, 1, 0), {a});

  const Status bad = coord().SetPublicFlag(lead_, c.id, 'Q');
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "flag");

  ASSERT_TRUE(coord().SetPublicFlag(lead_, c.id, 'P').ok());
  auto cc = Coord(c.id);
  EXPECT_TRUE(cc.public_aware);
  EXPECT_EQ(cc.em_state, "EXITED");
  const auto events = Events(c.id, "case.vultron");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].field, "P");
  EXPECT_EQ(events[0].from_value, "false");
  EXPECT_EQ(events[0].to_value, "true");

  const auto version = cc.version;
  const Status twice = coord().SetPublicFlag(lead_, c.id, 'P');
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Coord(c.id).version, version);
  EXPECT_EQ(Events(c.id, "case.vultron").size(), 1u);
  EXPECT_EQ(Code(coord().SetPublicFlag(a.user, c.id, 'X')), ErrorCode::kNotFound) << "coordinators only";
}

TEST_F(CoordinationTest, APublicExploitRejectsAProposedEmbargo) {
  // A proposed embargo is rejected once an exploit is public (Vultron: forced ER when P/X/A).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  ASSERT_TRUE(coord().ProposeDate(lead_, c.id, Utc(2026, 6, 15, 1, 0), "").ok());
  ASSERT_EQ(Coord(c.id).em_state, "PROPOSED");
  ASSERT_TRUE(coord().SetPublicFlag(lead_, c.id, 'X').ok());
  const auto cc = Coord(c.id);
  EXPECT_TRUE(cc.exploit_public);
  EXPECT_EQ(cc.em_state, "NONE");
}

// ---------------------------------------------------------------- Widening the case (G3-3, P-G)

TEST_F(CoordinationTest, ApprovingAnUpstreamProposalAddsTheVendorFirstInLine) {
  // Shared library: upstream first, then downstream (P-G); vendors propose, the coordinator decides (G3-3).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto upstream = NewVendor("upstream");
  const auto downstream = NewVendor("downstream");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  ASSERT_TRUE(
      coord().ProposeVendor(a.user, c.id, "libexample project", "upstream", "We ship libexample.").ok());
  ASSERT_TRUE(coord().ProposeVendor(a.user, c.id, "OEM Corp", "downstream", "They resell our product.").ok());
  EXPECT_EQ(Code(coord().ProposeVendor(a.user, c.id, "X", "sibling", "")), ErrorCode::kInvalidInput);

  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->proposals.size(), 2u);
  const auto up_id = view->proposals[0].id;
  const auto down_id = view->proposals[1].id;
  EXPECT_EQ(view->proposals[0].proposed_by, a.id);
  EXPECT_EQ(view->proposals[0].state, "pending");

  const Status unnamed = coord().DecideProposal(lead_, c.id, up_id, true, std::nullopt);
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().field, "vendor_id");

  const Timestamp t1 = Utc(2026, 5, 3);
  clock_.Set(t1);
  ASSERT_TRUE(coord().DecideProposal(lead_, c.id, up_id, true, upstream.id).ok());
  ASSERT_TRUE(coord().DecideProposal(lead_, c.id, down_id, true, downstream.id).ok());
  view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->proposals[0].state, "approved");
  EXPECT_EQ(view->proposals[0].vendor_id, upstream.id);
  EXPECT_EQ(view->proposals[0].decided_at, t1);
  ASSERT_EQ(view->vendors.size(), 3u);
  // Listed by tier: upstream (0) with a (0) by name, then downstream (2).
  const CaseVendor& up = Row(c.id, upstream.id);
  EXPECT_EQ(up.tier, 0);
  EXPECT_TRUE(up.registered);
  EXPECT_FALSE(up.initial_contact_at.has_value()) << "added, not yet notified";
  EXPECT_EQ(Row(c.id, downstream.id).tier, 2);
  EXPECT_EQ(view->vendors[2].vendor.vendor_id, downstream.id);

  const Status again = coord().DecideProposal(lead_, c.id, up_id, false, std::nullopt);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Code(coord().DecideProposal(lead_, c.id, 999999, true, upstream.id)), ErrorCode::kNotFound);
  const auto decided = Events(c.id, "case.proposal_decided");
  ASSERT_EQ(decided.size(), 2u);
  EXPECT_EQ(decided[0].field, "libexample project");
  EXPECT_EQ(decided[0].to_value, "approved");
}

TEST_F(CoordinationTest, RejectingAProposalAddsNoVendor) {
  // The coordinator decides which developers join the case (G3-3).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  domain::InvestigationReport r{
      .affected = domain::Affected::kYes, .fix_plan = "2.0.1", .other_developers = "Other Corp"};
  ASSERT_TRUE(coord().FileInvestigation(a.user, c.id, r).ok());
  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->proposals.size(), 1u) << "an investigation naming other developers proposes them";
  EXPECT_EQ(view->proposals[0].vendor_name, "Other Corp");
  EXPECT_EQ(view->proposals[0].relation, "other");
  ASSERT_TRUE(coord().DecideProposal(lead_, c.id, view->proposals[0].id, false, std::nullopt).ok());
  view = coord().View(lead_, c.id);
  EXPECT_EQ(view->proposals[0].state, "rejected");
  EXPECT_EQ(view->vendors.size(), 1u);
}

TEST_F(CoordinationTest, OnlyAVendorsOwnLastReportDecidesWhetherItsOthersAreNew) {
  // Re-filing the same other developers proposes nothing new; another vendor naming them does.
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  GiveDetails(c.id, b);
  const domain::InvestigationReport names_other{.affected = domain::Affected::kYes, .other_developers = "Other Corp"};
  ASSERT_TRUE(coord().FileInvestigation(a.user, c.id, names_other).ok());
  ASSERT_TRUE(coord().FileInvestigation(b.user, c.id, names_other).ok());
  ASSERT_TRUE(coord().FileInvestigation(a.user, c.id, names_other).ok());
  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->proposals.size(), 2u);
  EXPECT_EQ(view->proposals[0].proposed_by, a.id);
  EXPECT_EQ(view->proposals[1].proposed_by, b.id);
  EXPECT_EQ(view->investigations.size(), 3u);

  auto mine = coord().VendorView(b.user, c.id);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->my_investigations.size(), 1u) << "a vendor sees its own reports only";
  EXPECT_EQ(mine->my_investigations[0].vendor_id, b.id);
}

// ---------------------------------------------------------------- Secondary distribution (G8-2)

TEST_F(CoordinationTest, APartnerJoinsWithTheCaseIdentifierAndItsSubmittedContact) {
  // The partner is authenticated by the case identifier plus the submitted contact,
  // registers, and is admitted to that case alone (G8-2).
  const auto c = NewCase();
  const auto other = NewCase("another case");
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  ASSERT_TRUE(coord().SubmitPartner(a.user, c.id, "Partner KK", "佐藤 花子", "hanako@partner.example").ok());
  EXPECT_EQ(Code(coord().SubmitPartner(a.user, c.id, "Partner KK", "佐藤 花子", "HANAKO@partner.example")),
            ErrorCode::kConflict);

  auto wrong_case = coord().JoinAsPartner(other.identifier, "hanako@partner.example", "Hanako", kPassword);
  auto unknown_case = coord().JoinAsPartner("JVN#00000000", "hanako@partner.example", "Hanako", kPassword);
  auto wrong_email = coord().JoinAsPartner(c.identifier, "someone@partner.example", "Hanako", kPassword);
  for (const auto* r : {&wrong_case, &unknown_case, &wrong_email}) {
    ASSERT_FALSE(r->ok());
    EXPECT_EQ(r->error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r->error().message, "the case identifier and contact do not match a submitted partner")
        << "one answer for every mismatch";
  }

  const Timestamp t1 = Utc(2026, 5, 6, 5, 0);
  clock_.Set(t1);
  auto joined = coord().JoinAsPartner(c.identifier, "Hanako@Partner.example", "Hanako Sato", kPassword);
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  EXPECT_EQ(joined->role, Role::kRelatedOrg);
  EXPECT_EQ(joined->display_name, "Hanako Sato");
  const Actor partner{*joined};

  auto pv = coord().PartnerView(partner, c.id);
  ASSERT_TRUE(pv.ok()) << pv.error().message;
  EXPECT_EQ(pv->c.identifier, c.identifier);
  EXPECT_EQ(pv->overview, kOverview);
  EXPECT_EQ(pv->details, kDetails);
  EXPECT_EQ(pv->me.organisation, "Partner KK");
  EXPECT_EQ(pv->me.vendor_id, a.id);
  EXPECT_EQ(pv->me.admitted_at, t1);
  EXPECT_EQ(pv->me.user_id, partner.id());

  EXPECT_EQ(Code(coord().PartnerView(partner, other.id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().View(partner, c.id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(coord().VendorView(partner, c.id)), ErrorCode::kNotFound);
  auto list = coord().ListCases(partner);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].c.id, c.id);
  EXPECT_TRUE(coord().Messages(partner, c.id, ThreadKind::kPartner, pv->me.id, {}).ok());

  auto again = coord().JoinAsPartner(c.identifier, "hanako@partner.example", "Hanako", kPassword);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  const auto admitted = Events(c.id, "case.partner_admitted");
  ASSERT_EQ(admitted.size(), 1u);
  EXPECT_EQ(admitted[0].actor_id, partner.id());
  EXPECT_EQ(admitted[0].field, "Partner KK");
}

TEST_F(CoordinationTest, APartnerCannotReadOrWriteTheVendorsThreadWithTheCoordinator) {
  // A related organisation sees only the case it was admitted to, through its own thread;
  // developers talk to the coordinator alone (G8-2, G8-3).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  ASSERT_TRUE(coord().SubmitPartner(a.user, c.id, "Partner KK", "Hanako", "hanako@partner.example").ok());
  auto joined = coord().JoinAsPartner(c.identifier, "hanako@partner.example", "Hanako", kPassword);
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  const Actor partner{*joined};

  const auto read = coord().Messages(partner, c.id, ThreadKind::kVendor, a.id, {});
  EXPECT_EQ(Code(read), ErrorCode::kNotFound) << "the vendor's thread holds the overview, the details "
                                                 "and its private exchange with the coordinator";
  const auto write = coord().Post(partner, c.id, ThreadKind::kVendor, a.id, "Hello from the partner");
  EXPECT_EQ(Code(write), ErrorCode::kNotFound);
  EXPECT_EQ(Thread(lead_, c.id, ThreadKind::kVendor, a.id).size(), 2u);
}

// ---------------------------------------------------------------- Unregistered developers (G2-3)

TEST_F(CoordinationTest, AnInvitedDeveloperRegistersIndividuallyAndCanThenBeNotified) {
  // A developer found in a case registers individually before anything is disclosed (G2-3).
  const auto c = NewCase();
  WriteInfo(c.id);
  auto token = coord().AddUnregisteredVendor(lead_, c.id, "Hobby Soft", "author@hobby.example");
  ASSERT_TRUE(token.ok()) << token.error().message;
  ASSERT_FALSE(token->empty());
  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  const std::int64_t vid = view->vendors[0].vendor.vendor_id;
  EXPECT_EQ(Code(coord().SendOverview(lead_, c.id, vid)), ErrorCode::kConflict);
  EXPECT_EQ(Code(coord().AddUnregisteredVendor(lead_, c.id, "Hobby Soft", "x@hobby.example")),
            ErrorCode::kConflict);

  EXPECT_EQ(
      Code(services_->registry.AcceptInvite("not-the-token", "Author", "author@hobby.example", kPassword)),
      ErrorCode::kNotFound);
  auto user = services_->registry.AcceptInvite(*token, "Hobby Author", "author@hobby.example", kPassword);
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ(user->role, Role::kVendor);
  const Actor vendor{*user};

  auto profile = services_->registry.Profile(vendor, vid);
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  EXPECT_TRUE(profile->vendor.registered);
  EXPECT_EQ(profile->vendor.registration, domain::RegistrationType::kIndividual);
  ASSERT_EQ(profile->contacts.size(), 1u);
  EXPECT_EQ(profile->contacts[0].email, "author@hobby.example");
  EXPECT_TRUE(profile->contacts[0].is_primary);
  EXPECT_TRUE(Row(c.id, vid).registered);

  ASSERT_TRUE(coord().SendOverview(lead_, c.id, vid).ok());
  auto vv = coord().VendorView(vendor, c.id);
  ASSERT_TRUE(vv.ok()) << vv.error().message;
  EXPECT_EQ(vv->overview, kOverview);

  EXPECT_EQ(Code(services_->registry.AcceptInvite(*token, "Again", "again@hobby.example", kPassword)),
            ErrorCode::kNotFound)
      << "an invitation is used once";
}

// ---------------------------------------------------------------- Closing (P-F)

TEST_F(CoordinationTest, ClosingWithoutPublicationTellsTheFinder) {
  // Stopping without publication: the finder is told, in their report thread and language (P-F).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  WriteInfo(c.id);
  GiveDetails(c.id, a);
  AgreeWithAll(c.id, Utc(2026, 6, 15, 1, 0), {a});
  const auto finder_messages = ReportThread(c.report_id).size();

  EXPECT_EQ(Code(coord().CloseWithoutPublication(lead_, c.id, "")), ErrorCode::kInvalidInput);
  const Timestamp t1 = Utc(2026, 8, 29, 1, 0);
  clock_.Set(t1);
  const std::string reason = "開発者から120日間回答がありませんでした。";
  ASSERT_TRUE(coord().CloseWithoutPublication(lead_, c.id, reason).ok());

  const auto cc = Coord(c.id);
  EXPECT_EQ(cc.closed_at, t1);
  EXPECT_EQ(cc.em_state, "EXITED");
  EXPECT_EQ(StoredCase(c.id).status, "closed_unpublished");
  const auto msgs = ReportThread(c.report_id);
  ASSERT_EQ(msgs.size(), finder_messages + 1);
  EXPECT_EQ(msgs.back().body, c.identifier + " の調整は公表せずに終了しました。理由：" + reason);
  EXPECT_EQ(msgs.back().author_id, lead_.id());
  auto fv = services_->reports.View(finder_, c.report_id);
  ASSERT_TRUE(fv.ok());
  EXPECT_EQ(fv->messages.back().body, msgs.back().body) << "the finder reads it";
  const auto closed = Events(c.id, "case.closed");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].from_value, "coordinating");
  EXPECT_EQ(closed[0].to_value, "closed_unpublished");

  EXPECT_EQ(Code(coord().CloseWithoutPublication(lead_, c.id, reason)), ErrorCode::kConflict);
  EXPECT_EQ(Code(coord().ProposeDate(lead_, c.id, Utc(2026, 9, 1), "")), ErrorCode::kConflict);
  EXPECT_EQ(ReportThread(c.report_id).size(), finder_messages + 1);
}

// ---------------------------------------------------------------- History

TEST_F(CoordinationTest, EveryChangeBumpsTheCaseVersionAndAppendsACaseEvent) {
  // Every change of a case is a dated, attributed history entry (PROCESS §1, G6-5).
  const auto c = NewCase();
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  const Actor coordinator = NewUser("coordinator", Role::kCoordinator);
  ASSERT_EQ(Events(c.id).size(), 1u);
  EXPECT_EQ(Events(c.id)[0].action, "case.created");

  std::int64_t prerelease_id = 0;
  std::int64_t proposal_id = 0;
  const struct Step {
    const char* name;
    std::function<Status()> run;
    std::vector<std::string> actions;
  } steps[] = {
      {"info",
       [&] { return coord().UpdateInfo(lead_, c.id, {.overview = kOverview, .details = kDetails}); },
       {"case.info"}},
      {"assign", [&] { return coord().AssignCoordinator(lead_, c.id, coordinator.id()); }, {"case.assigned"}},
      {"add a", [&] { return coord().AddVendor(lead_, c.id, a.id, false, 0); }, {"case.vendor_added"}},
      {"add b", [&] { return coord().AddVendor(coordinator, c.id, b.id, true, 1); }, {"case.vendor_added"}},
      {"overview", [&] { return coord().SendOverview(lead_, c.id, a.id); }, {"case.overview_sent"}},
      {"answer",
       [&] { return coord().AnswerOverview(a.user, c.id, OverviewAnswer::kMayBeAffected); },
       {"case.overview_answered"}},
      {"details a", [&] { return coord().ReleaseDetails(lead_, c.id, a.id); }, {"case.details_released"}},
      {"details b", [&] { return coord().ReleaseDetails(lead_, c.id, b.id); }, {"case.details_released"}},
      {"investigation",
       [&] { return coord().FileInvestigation(a.user, c.id, {.affected = domain::Affected::kYes}); },
       {"case.investigation"}},
      {"statement",
       [&] { return coord().FileStatement(a.user, c.id, {.status = VendorStatus::kAffected}); },
       {"case.statement"}},
      {"propose vendor",
       [&] { return coord().ProposeVendor(b.user, c.id, "Upstream Lib", "upstream", "we embed it"); },
       {"case.vendor_proposed"}},
      {"decide proposal",
       [&] {
         auto v = coord().View(lead_, c.id);
         if (!v) return Status(v.error());
         proposal_id = v->proposals.at(0).id;
         return coord().DecideProposal(lead_, c.id, proposal_id, false, std::nullopt);
       },
       {"case.proposal_decided"}},
      {"partner",
       [&] { return coord().SubmitPartner(a.user, c.id, "Partner KK", "P", "p@partner.example"); },
       {"case.partner_submitted"}},
      {"critical infra",
       [&] { return coord().RequestCriticalInfraPrerelease(lead_, c.id, "electricity", "power utilities"); },
       {"case.prerelease_requested"}},
      {"decide prerelease",
       [&] {
         auto v = coord().View(lead_, c.id);
         if (!v) return Status(v.error());
         prerelease_id = v->prereleases.at(0).id;
         return coord().DecidePrerelease(lead_, c.id, prerelease_id, true, "");
       },
       {"case.prerelease_decided"}},
      {"customer prenotification",
       [&] { return coord().RequestCustomerPrenotification(b.user, c.id, "OEMs"); },
       {"case.prerelease_requested"}},
      {"propose date",
       [&] { return coord().ProposeDate(lead_, c.id, Utc(2026, 6, 15, 1, 0), ""); },
       {"case.date_proposed"}},
      {"a accepts", [&] { return coord().RespondDate(a.user, c.id, true, ""); }, {"case.date_response"}},
      {"b accepts: agreed",
       [&] { return coord().RespondDate(b.user, c.id, true, ""); },
       {"case.date_response", "case.date_agreed"}},
      {"early",
       [&] { return coord().PublishEarly(lead_, c.id, Utc(2026, 6, 1, 1, 0), "leak", false); },
       {"case.date_early"}},
      {"foreign",
       [&] { return coord().AdoptForeignDate(lead_, c.id, Utc(2026, 5, 30, 1, 0), "CERT/CC"); },
       {"case.date_foreign"}},
      {"public", [&] { return coord().SetPublicFlag(lead_, c.id, 'P'); }, {"case.vultron"}},
      {"close", [&] { return coord().CloseWithoutPublication(lead_, c.id, "no fix"); }, {"case.closed"}},
  };
  Timestamp now = Utc(2026, 5, 1, 1, 0);
  for (const auto& step : steps) {
    now += minutes(5);
    clock_.Set(now);
    const auto version = Coord(c.id).version;
    const auto before = Events(c.id).size();
    const Status st = step.run();
    ASSERT_TRUE(st.ok()) << step.name << ": " << st.error().message;
    EXPECT_GT(Coord(c.id).version, version) << step.name;
    const auto events = Events(c.id);
    ASSERT_EQ(events.size(), before + step.actions.size()) << step.name;
    for (std::size_t i = 0; i < step.actions.size(); ++i) {
      const auto& e = events[before + i];
      EXPECT_EQ(e.action, step.actions[i]) << step.name;
      EXPECT_EQ(e.subject_type, "case");
      EXPECT_EQ(e.subject_id, c.id);
      EXPECT_EQ(e.at, now) << step.name;
      // An agreement reached by the last answer is announced by the system, not by that vendor.
      if (e.action == "case.date_agreed") {
        EXPECT_EQ(e.actor_id, 0) << step.name;
      } else {
        EXPECT_NE(e.actor_id, 0) << step.name;
      }
    }
  }
  // Who did it is recorded by id and by name.
  const auto by_coordinator = Events(c.id, "case.vendor_added");
  ASSERT_EQ(by_coordinator.size(), 2u);
  EXPECT_EQ(by_coordinator[1].actor_id, coordinator.id());
  EXPECT_EQ(by_coordinator[1].actor_name, "User coordinator");
  EXPECT_EQ(by_coordinator[1].to_value, "Vendor b");
}

TEST_F(CoordinationTest, SendOverviewsNotifiesEveryListedVendorAndSkipsTheNotified) {
  // A large case: the overview to many vendors in one request, by the single-vendor rules.
  const auto c = NewCase();
  WriteInfo(c.id);
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  const auto d = NewVendor("d");
  Notify(c.id, a);
  Add(c.id, b, /*obvious=*/false, /*tier=*/1);
  Add(c.id, d, /*obvious=*/false, /*tier=*/0);
  auto done = coord().SendOverviews(lead_, c.id, {.vendor_ids = {b.id, a.id, d.id}});
  ASSERT_TRUE(done.ok()) << done.error().message;
  // Upstream (tier 0) first, as the vendor table orders them.
  ASSERT_EQ(done->notified.size(), 2u);
  EXPECT_EQ(done->notified[0].vendor_id, d.id);
  EXPECT_EQ(done->notified[1].vendor_id, b.id);
  ASSERT_EQ(done->skipped.size(), 1u);
  EXPECT_EQ(done->skipped[0].vendor_id, a.id);
  EXPECT_EQ(done->skipped[0].skipped, "already_notified");
  for (const auto& v : {b, d}) {
    const CaseVendor row = Row(c.id, v.id);
    EXPECT_EQ(row.initial_contact_at, Utc(2026, 5, 1, 1, 0));
    EXPECT_EQ(row.rm_state, "RECEIVED");
    EXPECT_EQ(Thread(lead_, c.id, ThreadKind::kVendor, v.id).size(), 1u);
  }
  // The vendor now sees the case.
  EXPECT_TRUE(coord().VendorView(b.user, c.id).ok());
}

TEST_F(CoordinationTest, SendOverviewsIsAllOrNothing) {
  // One developer that must register first (G2-3) stops the batch: no vendor is notified.
  const auto c = NewCase();
  WriteInfo(c.id);
  const auto a = NewVendor("a");
  const auto b = NewVendor("b");
  Add(c.id, a);
  Add(c.id, b);
  ASSERT_TRUE(coord().AddUnregisteredVendor(lead_, c.id, "Unregistered Soft", "psirt@unreg.example").ok());
  auto view = coord().View(lead_, c.id);
  ASSERT_TRUE(view.ok());
  std::int64_t unregistered = 0;
  for (const auto& r : view->vendors) {
    if (!r.vendor.registered) unregistered = r.vendor.vendor_id;
  }
  ASSERT_NE(unregistered, 0);

  auto refused = coord().SendOverviews(lead_, c.id, {.vendor_ids = {a.id, unregistered, b.id}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().field, "vendor_ids");
  EXPECT_NE(refused.error().message.find("Unregistered Soft"), std::string::npos) << refused.error().message;
  auto unknown = coord().SendOverviews(lead_, c.id, {.vendor_ids = {a.id, 987654}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(unknown.error().message, "vendor 987654 is not in this case");
  for (const auto id : {a.id, b.id, unregistered}) {
    EXPECT_FALSE(Row(c.id, id).initial_contact_at.has_value());
    EXPECT_TRUE(Thread(lead_, c.id, ThreadKind::kVendor, id).empty());
  }
  // "All not notified" leaves the unregistered developer out, with the reason.
  auto all = coord().SendOverviews(lead_, c.id, {.all_not_notified = true});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->notified.size(), 2u);
  ASSERT_EQ(all->skipped.size(), 1u);
  EXPECT_EQ(all->skipped[0].skipped, "must_register");
  // A vendor cannot send it: the case does not exist for it.
  auto by_vendor = coord().SendOverviews(a.user, c.id, {.all_not_notified = true});
  ASSERT_FALSE(by_vendor.ok());
  EXPECT_EQ(by_vendor.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cvdhub::app
