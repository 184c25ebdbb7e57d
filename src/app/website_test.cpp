// App-level tests of the website track (PROCESS.md §6), the low-impact close
// (G8-4) and the statistics over them, on the real SQLite store with a clock
// the test moves.
#include "app/website.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "app/app_test_support.hpp"
#include "app/services.hpp"
#include "domain/calendar.hpp"

namespace cvdhub::app {
namespace {

using namespace std::chrono;
using domain::Language;
using domain::Role;

constexpr const char* kPassword = "correct horse battery";

Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh}};
}
sys_days D(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }

template <typename R>
std::optional<ErrorCode> Code(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

// The website track's policy (PROCESS §1, §6): the receiving organisation owns
// every website case; an operator only the cases its account was admitted to.
TEST(WebsitePolicy, StaffOwnTheTrackAndAnOperatorOnlyItsAdmittedCases) {
  const std::vector<Role> roles = {Role::kFinder, Role::kIntakeAnalyst, Role::kCoordinator, Role::kLeadCoordinator,
                                   Role::kVendor, Role::kRelatedOrg, Role::kCriticalInfra, Role::kCommittee,
                                   Role::kWebsiteOperator, Role::kAdmin};
  auto actor = [](Role r, bool disabled = false) {
    return Actor{domain::User{.id = 5, .display_name = "x", .role = r, .disabled = disabled}};
  };
  auto ok = [](const Status& st) { return st.ok(); };
  for (Role r : roles) {
    const bool staff = r == Role::kIntakeAnalyst || r == Role::kLeadCoordinator;
    const bool op = r == Role::kWebsiteOperator;
    for (bool admitted : {false, true}) {
      const WebsiteFacts f{.actor_is_operator = admitted};
      const std::string what = std::string(domain::RoleName(r)) + (admitted ? " admitted" : "");
      EXPECT_EQ(ok(AuthorizeWebsite(actor(r), WebsiteAction::kList, f)), staff || op) << what;
      EXPECT_EQ(ok(AuthorizeWebsite(actor(r), WebsiteAction::kManage, f)), staff) << what;
      EXPECT_EQ(ok(AuthorizeWebsite(actor(r), WebsiteAction::kView, f)), staff || (op && admitted)) << what;
      EXPECT_EQ(ok(AuthorizeWebsite(actor(r), WebsiteAction::kOperatorAnswer, f)), staff || (op && admitted))
          << what;
      const Status denied = AuthorizeWebsite(actor(r), WebsiteAction::kManage, f);
      if (!staff) {
        EXPECT_EQ(denied.error().code, ErrorCode::kNotFound) << "existence does not leak: " << what;
      }
      EXPECT_FALSE(AuthorizeWebsite(actor(r, true), WebsiteAction::kView, f).ok()) << "disabled " << what;
    }
  }
  EXPECT_EQ(AuthorizeWebsite(Actor::Anonymous(), WebsiteAction::kView, {}).error().code,
            ErrorCode::kUnauthenticated);
}

class WebsiteTest : public test_support::AppFixture {
 protected:
  // 2026-04-01 10:00 JST.
  WebsiteTest() : AppFixture(Utc(2026, 4, 1, 1)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
    lead_ = NewUser("lead", Role::kLeadCoordinator);
    coordinator_ = NewUser("coordinator", Role::kCoordinator);
    finder_ = NewUser("finder", Role::kFinder, Language::kEn);
    vendor_ = NewUser("vendor", Role::kVendor);
  }

  Website& web() { return services_->website; }

  Actor NewUser(const std::string& name, Role role, Language lang = Language::kJa) {
    auto u = services_->accounts.AddUser(name + "@example.jp", "User " + name, role, kPassword, lang);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  domain::Report Submit(domain::ReportKind kind, const std::string& title) {
    domain::ReportSubmission s;
    s.kind = kind;
    s.title = title;
    s.product_name = kind == domain::ReportKind::kWebsite ? "Example Shop" : "Example CMS";
    s.product_version = kind == domain::ReportKind::kWebsite ? "" : "4.2.1";
    s.product_url = kind == domain::ReportKind::kWebsite ? "https://shop.example.jp/" : "https://cms.example.jp/";
    s.discovery_method = "manual testing";
    s.reproduction = "search for ' OR 1=1 --";
    s.impact = "customer data can be read";
    s.finder_name = "Secret Finder Name";
    s.finder_contact = "secret-finder-contact@example.org";
    s.language = Language::kEn;
    auto r = services_->reports.Submit(finder_, s);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : domain::Report{};
  }

  domain::CaseId NewWebsiteCase() {
    auto r = Submit(domain::ReportKind::kWebsite, "SQL injection in the shop search");
    report_id_ = r.id;
    auto c = services_->triage.Accept(analyst_, r.id, "");
    EXPECT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->track, domain::CaseTrack::kWebsite);
    return c.ok() ? c->id : 0;
  }

  domain::OperatorContact Contact(const std::string& email = "security@shop.example.jp") {
    return {.name = "Example Shop K.K.", .email = email, .source = domain::ContactSource::kPublished,
            .source_note = "https://shop.example.jp/contact"};
  }

  std::vector<store::OutboxMessage> Outbox(const std::string& reference) {
    std::vector<store::OutboxMessage> out;
    EXPECT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                  auto rows = tx.mail().ListOutbox({.reference_prefix = reference});
                  if (!rows) return rows.error();
                  out = std::move(*rows);
                  return {};
                }).ok());
    return out;
  }

  Actor analyst_, lead_, coordinator_, finder_, vendor_;
  domain::ReportId report_id_ = 0;
};

TEST_F(WebsiteTest, TheWholeTrackFromContactToTheFinderToldAfterTheFix) {
  const auto id = NewWebsiteCase();
  // The receiving organisation keeps the report (PROCESS §6): the analyst still sees it.
  EXPECT_TRUE(services_->reports.View(analyst_, report_id_).ok());
  EXPECT_EQ(Code(services_->reports.View(coordinator_, report_id_)), ErrorCode::kNotFound);

  auto rows = web().List(analyst_);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().stage, domain::WebsiteStage::kContactPending);
  EXPECT_EQ(rows->front().w.site_url, "https://shop.example.jp/") << "the report's site until the analyst records one";

  // 1. The contact, with where it came from.
  auto bad = Contact();
  bad.source_note.clear();
  EXPECT_EQ(Code(web().SetContact(analyst_, id, bad, "")), ErrorCode::kInvalidInput);
  ASSERT_TRUE(web().SetContact(analyst_, id, Contact(), "Example Shop").ok());

  // 2. The notification by mail starts the ~3-month clock.
  clock_.Set(Utc(2026, 4, 2, 1));  // 2026-04-02 10:00 JST
  ASSERT_TRUE(web().Notify(analyst_, id, domain::NotifyChannel::kMail, "").ok());
  EXPECT_EQ(Code(web().Notify(analyst_, id, domain::NotifyChannel::kMail, "")), ErrorCode::kConflict);
  auto v = web().View(analyst_, id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->w.fix_due, D(2026, 7, 2));
  EXPECT_EQ(v->clock.state, domain::ClockState::kRunning);
  EXPECT_EQ(v->clock.days_left, 91);
  EXPECT_EQ(v->w.case_status, "website_notified");
  auto mail = Outbox("case:" + std::to_string(id) + ":operator");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to_email, "security@shop.example.jp");
  EXPECT_EQ(mail[0].kind, "website.notification");
  EXPECT_TRUE(mail[0].confidential) << "vulnerability details: encrypted when the operator has a key";
  EXPECT_NE(mail[0].body.find("search for ' OR 1=1 --"), std::string::npos) << "the reproduction goes to the operator";
  EXPECT_EQ(mail[0].body.find("Secret Finder Name"), std::string::npos) << "never the finder's identity";
  EXPECT_EQ(mail[0].body.find("secret-finder-contact"), std::string::npos);
  EXPECT_NE(mail[0].body.find("2026-07-02"), std::string::npos) << "the due date is in the notice";

  // 3. The operator's account: an existing website-operator account is admitted at once.
  const Actor op = NewUser("operator", Role::kWebsiteOperator);
  const Actor other_op = NewUser("other-operator", Role::kWebsiteOperator);
  EXPECT_EQ(Code(web().View(op, id)), ErrorCode::kNotFound) << "not admitted yet";
  ASSERT_TRUE(web().SetContact(analyst_, id, Contact("operator@example.jp"), "").ok());
  auto inv = web().InviteOperator(analyst_, id);
  ASSERT_TRUE(inv.ok()) << inv.error().message;
  EXPECT_TRUE(inv->admitted);
  EXPECT_TRUE(inv->token.empty());
  auto as_op = web().View(op, id);
  ASSERT_TRUE(as_op.ok());
  EXPECT_FALSE(as_op->staff);
  EXPECT_TRUE(as_op->history.empty()) << "the operator sees no internal history";
  EXPECT_EQ(Code(web().View(other_op, id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(web().View(coordinator_, id)), ErrorCode::kNotFound) << "website cases stay with intake";
  EXPECT_EQ(Code(web().View(vendor_, id)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(web().View(Actor::Anonymous(), id)), ErrorCode::kUnauthenticated);
  EXPECT_EQ(Code(services_->reports.View(op, report_id_)), ErrorCode::kNotFound) << "never the finder's report";
  ASSERT_EQ(web().List(op)->size(), 1u);
  EXPECT_TRUE(web().List(other_op)->empty());
  EXPECT_EQ(Code(web().List(coordinator_)), ErrorCode::kForbidden);
  EXPECT_EQ(Code(web().Remind(op, id)), ErrorCode::kNotFound) << "managing is the receiving organisation's";

  // 4. The clock: due soon two weeks before, overdue the day after the due date.
  clock_.Set(Utc(2026, 6, 20, 1));
  EXPECT_EQ(web().List(analyst_)->front().clock.state, domain::ClockState::kDueSoon);
  clock_.Set(Utc(2026, 7, 3, 1));
  auto overdue = web().List(analyst_);
  EXPECT_EQ(overdue->front().clock.state, domain::ClockState::kOverdue);
  EXPECT_EQ(overdue->front().clock.days_left, -1);
  ASSERT_TRUE(web().Remind(analyst_, id).ok());
  mail = Outbox("case:" + std::to_string(id) + ":operator");
  ASSERT_GE(mail.size(), 2u);
  EXPECT_EQ(mail[0].kind, "website.reminder");  // newest first
  EXPECT_EQ(mail[0].to_email, "operator@example.jp");
  ASSERT_TRUE(web().ExtendDue(analyst_, id, D(2026, 7, 31), "The operator asked for four more weeks.").ok());
  EXPECT_EQ(web().List(analyst_)->front().clock.state, domain::ClockState::kRunning);

  // 5. The operator answers: verification, then the fix; the finder is told in English.
  ASSERT_TRUE(web().ReportVerification(op, id, domain::Verification::kConfirmed, "Reproduced.").ok());
  auto nd = web().NonDisclosureOf(finder_, report_id_);
  ASSERT_TRUE(nd.ok());
  ASSERT_TRUE(nd->has_value());
  EXPECT_TRUE((*nd)->period.running);
  clock_.Set(Utc(2026, 7, 10, 3));
  ASSERT_TRUE(web().ReportFix(op, id, "Prepared statements everywhere.").ok());
  EXPECT_EQ(Code(web().ReportFix(op, id, "")), ErrorCode::kConflict);
  auto report = services_->reports.View(finder_, report_id_);
  ASSERT_TRUE(report.ok());
  const std::string told = report->messages.back().body;
  EXPECT_NE(told.find("was fixed on 2026-07-10"), std::string::npos) << told;
  EXPECT_NE(told.find("non-disclosure"), std::string::npos) << told;
  auto finder_mail = Outbox("report:" + std::to_string(report_id_));
  ASSERT_FALSE(finder_mail.empty());
  EXPECT_EQ(finder_mail[0].kind, "website.finder");
  EXPECT_EQ(finder_mail[0].to_email, "finder@example.jp");
  nd = web().NonDisclosureOf(finder_, report_id_);
  EXPECT_FALSE((*nd)->period.running);
  EXPECT_EQ((*nd)->period.ended_on, D(2026, 7, 10));

  // 6. Nothing is public unless the operator chooses to publish.
  EXPECT_TRUE(web().PublicNotices()->empty());
  EXPECT_EQ(Code(web().ChoosePublication(op, id, domain::PublicationChoice::kPublish, "", "")),
            ErrorCode::kInvalidInput);
  ASSERT_TRUE(web().ChoosePublication(op, id, domain::PublicationChoice::kNotPublish, "", "").ok());
  EXPECT_TRUE(web().PublicNotices()->empty());
  ASSERT_TRUE(web().ChoosePublication(op, id, domain::PublicationChoice::kPublish,
                                      "https://shop.example.jp/news/security", "We fixed a flaw in the search.")
                  .ok());
  auto notices = web().PublicNotices();
  ASSERT_EQ(notices->size(), 1u);
  EXPECT_EQ(notices->front().announcement_url, "https://shop.example.jp/news/security");
  EXPECT_EQ(notices->front().fixed_on, D(2026, 7, 10));

  // 7. Closing: the finder was told at the fix, so it is not told again.
  const auto before = services_->reports.View(finder_, report_id_)->messages.size();
  ASSERT_TRUE(web().Close(analyst_, id, "Fixed.").ok());
  EXPECT_EQ(services_->reports.View(finder_, report_id_)->messages.size(), before);
  EXPECT_EQ(Code(web().Post(op, id, "late", false)), ErrorCode::kConflict) << "a closed case takes no more messages";
  v = web().View(analyst_, id);
  EXPECT_EQ(v->stage, domain::WebsiteStage::kClosed);
  EXPECT_EQ(v->w.case_status, "website_closed");
  std::vector<std::string> actions;
  for (const auto& e : v->history) actions.push_back(e.action);
  for (const char* want : {"website.contact", "website.notified", "website.operator_admitted", "website.reminder",
                           "website.due_changed", "website.verification", "website.fixed", "website.publication",
                           "website.closed"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), want), actions.end()) << want;
  }
}

TEST_F(WebsiteTest, AnInvitationMakesTheOperatorsAccountWithTheInvitedAddress) {
  const auto id = NewWebsiteCase();
  EXPECT_EQ(Code(web().InviteOperator(analyst_, id)), ErrorCode::kConflict) << "no address to invite yet";
  ASSERT_TRUE(web().SetContact(analyst_, id, Contact(), "").ok());
  auto inv = web().InviteOperator(analyst_, id);
  ASSERT_TRUE(inv.ok());
  EXPECT_FALSE(inv->admitted);
  ASSERT_FALSE(inv->token.empty());
  EXPECT_EQ(inv->link, "/website/invite/" + inv->token);
  auto mail = Outbox("case:" + std::to_string(id) + ":operator");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].body.find(inv->link), std::string::npos) << "the link goes to the invited mailbox";

  EXPECT_EQ(Code(web().AcceptInvite("wrong", "Webmaster", kPassword, Language::kJa)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(web().AcceptInvite(inv->token, "Webmaster", "short", Language::kJa)), ErrorCode::kInvalidInput);
  auto user = web().AcceptInvite(inv->token, "Webmaster", kPassword, Language::kJa);
  ASSERT_TRUE(user.ok()) << user.error().message;
  EXPECT_EQ(user->email, "security@shop.example.jp");
  EXPECT_EQ(user->role, Role::kWebsiteOperator);
  EXPECT_TRUE(web().View(Actor{*user}, id).ok());
  EXPECT_EQ(Code(web().AcceptInvite(inv->token, "Again", kPassword, Language::kJa)), ErrorCode::kNotFound)
      << "an invitation is used once";
  // The operator may not do the receiving organisation's part.
  EXPECT_EQ(Code(web().Notify(Actor{*user}, id, domain::NotifyChannel::kPhone, "")), ErrorCode::kNotFound);
}

TEST_F(WebsiteTest, TheAnalystRecordsAnswersReceivedByPhoneOnTheOperatorsBehalf) {
  const auto id = NewWebsiteCase();
  domain::OperatorContact phone_only{.name = "Shop", .phone = "+81-3-0000-0000",
                                     .source = domain::ContactSource::kFound, .source_note = "WHOIS record"};
  ASSERT_TRUE(web().SetContact(analyst_, id, phone_only, "").ok());
  EXPECT_EQ(Code(web().Notify(analyst_, id, domain::NotifyChannel::kMail, "")), ErrorCode::kConflict);
  ASSERT_TRUE(web().Notify(analyst_, id, domain::NotifyChannel::kPhone, "Told them about the search page.").ok());
  EXPECT_TRUE(Outbox("case:" + std::to_string(id) + ":operator").empty()) << "a phone call sends no mail";
  ASSERT_TRUE(web().ReportVerification(analyst_, id, domain::Verification::kNotReproduced, "They could not.").ok());
  auto m = web().Post(analyst_, id, "The operator called back: they will look again.", true);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->on_behalf);
  auto v = web().View(analyst_, id);
  bool recorded = false;
  for (const auto& e : v->history) recorded = recorded || e.action == "website.verification_recorded";
  EXPECT_TRUE(recorded) << "answers recorded by staff are marked as such";
  // Closed without a fix: the finder is told why, and its non-disclosure does not simply end.
  ASSERT_TRUE(web().Close(analyst_, id, "The operator could not reproduce it.").ok());
  auto report = services_->reports.View(finder_, report_id_);
  EXPECT_NE(report->messages.back().body.find("ended without a fix"), std::string::npos);
  auto nd = web().NonDisclosureOf(finder_, report_id_);
  EXPECT_TRUE((*nd)->closed_without_fix);
  EXPECT_EQ(Code(web().NonDisclosureOf(coordinator_, report_id_)), ErrorCode::kNotFound);
}

TEST_F(WebsiteTest, LowImpactNotifiesTheDeveloperClosesAndTellsTheFinder) {
  auto r = Submit(domain::ReportKind::kSoftware, "Minor info leak in Example CMS");
  auto c = services_->triage.Accept(analyst_, r.id, "");
  ASSERT_TRUE(c.ok());
  const auto id = c->id;
  auto vid = services_->registry.Create(lead_, domain::Vendor{.name = "Example CMS Project",
                                                              .contact_email = "psirt@cms.example.jp"});
  ASSERT_TRUE(vid.ok()) << vid.error().message;
  EXPECT_EQ(Code(services_->low_impact.Close(coordinator_, id, "low impact")), ErrorCode::kNotFound)
      << "only the case's coordinators";
  EXPECT_EQ(Code(services_->low_impact.Close(lead_, id, " ")), ErrorCode::kInvalidInput);
  EXPECT_EQ(Code(services_->low_impact.Close(lead_, id, "low impact")), ErrorCode::kConflict) << "no details yet";
  ASSERT_TRUE(services_->coordination.UpdateInfo(lead_, id, {.overview = "A library issue.",
                                                             .details = "The debug endpoint leaks the version."})
                  .ok());
  EXPECT_EQ(Code(services_->low_impact.Close(lead_, id, "low impact")), ErrorCode::kConflict) << "no developer yet";
  ASSERT_TRUE(services_->coordination.AddVendor(lead_, id, *vid, true, 0).ok());
  auto preview = services_->low_impact.Preview(lead_, id);
  ASSERT_TRUE(preview.ok());
  EXPECT_EQ(preview->vendors, std::vector<std::string>{"Example CMS Project"});

  clock_.Set(Utc(2026, 4, 20, 1));
  ASSERT_TRUE(services_->low_impact.Close(lead_, id, "Only the version number leaks.").ok());
  EXPECT_EQ(Code(services_->low_impact.Close(lead_, id, "again")), ErrorCode::kConflict);
  auto mail = Outbox("case:" + std::to_string(id) + ":vendor:" + std::to_string(*vid));
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].kind, "case.low_impact");
  EXPECT_TRUE(mail[0].confidential);
  EXPECT_NE(mail[0].body.find("The debug endpoint leaks the version."), std::string::npos);
  EXPECT_NE(mail[0].body.find("Only the version number leaks."), std::string::npos);
  auto report = services_->reports.View(finder_, r.id);
  EXPECT_NE(report->messages.back().body.find("handled as a case of low impact"), std::string::npos);
  EXPECT_NE(report->messages.back().body.find("Only the version number leaks."), std::string::npos);
  auto finder_mail = Outbox("report:" + std::to_string(r.id));
  ASSERT_FALSE(finder_mail.empty());
  EXPECT_EQ(finder_mail[0].kind, "case.low_impact_finder");
  auto view = services_->coordination.View(lead_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->c.status, "closed_low_impact");
  EXPECT_TRUE(view->coordination.closed_at.has_value());
  std::vector<domain::Event> events;
  ASSERT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
                auto e = tx.ListEvents("case", id);
                if (!e) return e.error();
                events = std::move(*e);
                return {};
              }).ok());
  auto low = std::find_if(events.begin(), events.end(), [](const auto& e) { return e.action == "case.low_impact"; });
  ASSERT_NE(low, events.end());
  EXPECT_EQ(low->to_value, "Only the version number leaks.");
}

TEST_F(WebsiteTest, StatisticsCountTheseCasesAndThePublicSeesCompletedQuartersOnly) {
  // FY2026 Q1 (April–June): two software reports (one declined), one website report, all decided.
  auto a = Submit(domain::ReportKind::kSoftware, "one");
  auto b = Submit(domain::ReportKind::kSoftware, "two");
  ASSERT_TRUE(services_->triage.Accept(analyst_, a.id, "").ok());
  ASSERT_TRUE(services_->triage.Decline(analyst_, b.id, domain::DeclineReason::kOutOfScope, "").ok());
  NewWebsiteCase();
  EXPECT_EQ(Code(services_->stats.ForStaff(finder_, domain::QuarterScheme::kFiscalJapan)), ErrorCode::kForbidden);
  EXPECT_EQ(Code(services_->stats.ForStaff(Actor::Anonymous(), domain::QuarterScheme::kFiscalJapan)),
            ErrorCode::kUnauthenticated);
  auto staff = services_->stats.ForStaff(coordinator_, domain::QuarterScheme::kFiscalJapan);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->stats.quarters.size(), 1u);
  const auto& q = staff->stats.quarters[0];
  EXPECT_EQ(q.label, "FY2026 Q1");
  EXPECT_EQ(q.received_software, 2);
  EXPECT_EQ(q.received_website, 1);
  EXPECT_EQ(q.accepted, 2);
  EXPECT_EQ(q.declined.at(domain::DeclineReason::kOutOfScope), 1);

  // The public sees nothing of the running quarter …
  auto pub = services_->stats.ForPublic(domain::QuarterScheme::kFiscalJapan);
  ASSERT_TRUE(pub.ok());
  EXPECT_TRUE(pub->public_view);
  EXPECT_EQ(pub->until, D(2026, 3, 31));
  for (const auto& pq : pub->stats.quarters) EXPECT_EQ(pq.received_software, 0) << pq.label;
  // … and, once it is over, small counts only as "fewer than 3".
  clock_.Set(Utc(2026, 7, 1, 1));
  pub = services_->stats.ForPublic(domain::QuarterScheme::kFiscalJapan);
  ASSERT_TRUE(pub.ok());
  const auto& last = pub->stats.quarters.back();
  EXPECT_EQ(last.label, "FY2026 Q1");
  EXPECT_EQ(last.received_software, kSuppressedCount);
  EXPECT_EQ(last.received_website, kSuppressedCount);
  EXPECT_EQ(last.accepted, kSuppressedCount);
  EXPECT_EQ(last.declined.at(domain::DeclineReason::kOutOfScope), kSuppressedCount);
  EXPECT_EQ(last.declined.at(domain::DeclineReason::kDebugMode), 0) << "zero is shown as zero";
  // The calendar switch regroups the same facts.
  auto cal = services_->stats.ForStaff(analyst_, domain::QuarterScheme::kCalendar);
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(cal->stats.quarters.back().label, "2026 Q3");
  EXPECT_EQ(cal->stats.total.received_software, 2);
}

}  // namespace
}  // namespace cvdhub::app
