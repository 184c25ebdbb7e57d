// App-level tests of the unreachable-developer path and the release-decision
// committee (PROCESS.md §5) over the real SQLite store, with a moved clock.
#include "app/unreachable.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/app_test_support.hpp"
#include "domain/calendar.hpp"
#include "store/mail_store.hpp"

namespace cvdhub::app {
namespace {

using namespace std::chrono;
using domain::CommitteeVote;
using domain::ContactChannel;
using domain::ContactOutcome;
using domain::Role;
using domain::UnreachableStage;

constexpr const char* kPassword = "correct horse battery";

Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh}};
}

template <typename R>
std::optional<ErrorCode> Code(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

// ---------------------------------------------------------------- the policy

TEST(CommitteePolicy, MembersSeeOnlySubmittedDossiersAndCoordinatorsTheirCases) {
  auto actor = [](Role r, bool disabled = false) {
    return Actor{domain::User{.id = 7, .role = r, .disabled = disabled}};
  };
  const CommitteeFacts before{.actor_is_case_member = false, .submitted = false};
  const CommitteeFacts after{.actor_is_case_member = false, .submitted = true};
  const CommitteeFacts mine{.actor_is_case_member = true, .submitted = false};
  // The committee: nothing before submission, the dossier and a vote after; never the decision.
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kCommittee), CommitteeAction::kView, before)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kCommittee), CommitteeAction::kVote, before)),
            ErrorCode::kNotFound);
  EXPECT_TRUE(AuthorizeCommittee(actor(Role::kCommittee), CommitteeAction::kView, after).ok());
  EXPECT_TRUE(AuthorizeCommittee(actor(Role::kCommittee), CommitteeAction::kVote, after).ok());
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kCommittee), CommitteeAction::kDecide, after)),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kCommittee, true), CommitteeAction::kView, after)),
            ErrorCode::kNotFound);
  // Coordinators: of the case (or the lead), before submission too; never a vote.
  EXPECT_TRUE(AuthorizeCommittee(actor(Role::kCoordinator), CommitteeAction::kView, mine).ok());
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kCoordinator), CommitteeAction::kView, after)),
            ErrorCode::kNotFound);
  EXPECT_TRUE(AuthorizeCommittee(actor(Role::kLeadCoordinator), CommitteeAction::kDecide, after).ok());
  EXPECT_EQ(Code(AuthorizeCommittee(actor(Role::kLeadCoordinator), CommitteeAction::kVote, after)),
            ErrorCode::kNotFound);
  // Everyone else: nothing.
  for (Role r : {Role::kFinder, Role::kIntakeAnalyst, Role::kVendor, Role::kRelatedOrg, Role::kCriticalInfra,
                 Role::kWebsiteOperator, Role::kAdmin}) {
    EXPECT_EQ(Code(AuthorizeCommittee(actor(r), CommitteeAction::kView, after)), ErrorCode::kNotFound);
    EXPECT_EQ(Code(AuthorizeCommittee(actor(r), CommitteeAction::kList, after)), ErrorCode::kForbidden);
  }
  EXPECT_EQ(Code(AuthorizeCommittee(Actor::Anonymous(), CommitteeAction::kList, after)),
            ErrorCode::kUnauthenticated);
}

// ---------------------------------------------------------------- the path

class UnreachableTest : public test_support::AppFixture {
 protected:
  UnreachableTest() : AppFixture(Utc(2026, 1, 5, 1)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    lead_ = NewUser("lead", Role::kLeadCoordinator);
    coord_ = NewUser("coord", Role::kCoordinator);
    analyst_ = NewUser("analyst", Role::kIntakeAnalyst);
    finder_ = NewUser("finder", Role::kFinder);
    member_ = NewUser("member", Role::kCommittee);
    domain::ReportSubmission s{.kind = domain::ReportKind::kSoftware,
                               .title = "Buffer overflow in FooViewer",
                               .product_name = "FooViewer",
                               .product_version = "2.1",
                               .product_url = "https://foo.example/",
                               .discovery_method = "fuzzing",
                               .reproduction = "open crash.foo",
                               .impact = "code execution",
                               .finder_name = "Finder",
                               .finder_contact = "f@example.jp"};
    auto r = services_->reports.Submit(finder_, s);
    ASSERT_TRUE(r.ok()) << r.error().message;
    auto c = services_->triage.Accept(analyst_, r->id, "");
    ASSERT_TRUE(c.ok()) << c.error().message;
    case_ = *c;
    auto token =
        services_->coordination.AddUnregisteredVendor(lead_, case_.id, "Foo Soft", "info@foo.example");
    ASSERT_TRUE(token.ok()) << token.error().message;
    auto view = services_->coordination.View(lead_, case_.id);
    ASSERT_TRUE(view.ok());
    vendor_ = view->vendors.at(0).vendor.vendor_id;
  }

  Actor NewUser(const std::string& name, Role role) {
    auto u = services_->accounts.AddUser(name + "@example.jp", "User " + name, role, kPassword,
                                         domain::Language::kJa);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  Unreachable& u() { return services_->unreachable; }

  void Attempt(ContactChannel c, ContactOutcome o = ContactOutcome::kNoAnswer) {
    auto id = u().RecordAttempt(
        lead_, case_.id, vendor_,
        {.channel = c, .at = clock_.Now(), .recipient = "info@foo", .outcome = o, .note = "tried"});
    ASSERT_TRUE(id.ok()) << id.error().message;
  }

  // Three attempts over a month by mail and phone, then confirmed and listed.
  domain::UnreachableEntry ListIt() {
    Attempt(ContactChannel::kMail);
    clock_.Set(clock_.Now() + days(10));
    Attempt(ContactChannel::kPhone, ContactOutcome::kBounced);
    clock_.Set(clock_.Now() + days(21));
    Attempt(ContactChannel::kMail);
    auto e = u().Confirm(lead_, case_.id, vendor_,
                         {.public_name = "Foo Soft", .remarks_ja = "FooViewer の開発者"});
    EXPECT_TRUE(e.ok()) << e.error().message;
    return e.ok() ? *e : domain::UnreachableEntry{};
  }

  // Listed, product published after the grace period, a contact deadline, and the
  // dossier before the committee.
  domain::UnreachableEntry BeforeTheCommittee() {
    auto e = ListIt();
    clock_.Set(clock_.Now() + days(92));
    EXPECT_TRUE(
        u().PublishProduct(lead_, case_.id, vendor_, domain::DeveloperKind::kCompany, "FooViewer", "2.1").ok());
    clock_.Set(clock_.Now() + days(31));
    EXPECT_TRUE(u().AddDeadline(lead_, case_.id, vendor_, domain::JstDay(clock_.Now()) + days(30)).ok());
    clock_.Set(clock_.Now() + days(31));
    EXPECT_TRUE(CommitteeMail(e, "committee.submitted").empty()) << "nothing before submission";
    EXPECT_TRUE(u().Submit(lead_, case_.id, vendor_).ok());
    return e;
  }

  // The mail about entry `e`'s dossier of kind `kind`, in the outbox.
  std::vector<store::OutboxMessage> CommitteeMail(const domain::UnreachableEntry& e, std::string_view kind) {
    std::vector<store::OutboxMessage> out;
    EXPECT_TRUE(ctx_->store
                    .Read([&](store::Tx& tx) -> Status {
                      auto rows = tx.mail().ListOutbox({.reference_prefix = "committee:" + std::to_string(e.id)});
                      if (!rows) return rows.error();
                      for (auto& m : *rows) {
                        if (m.kind == kind) out.push_back(std::move(m));
                      }
                      return {};
                    })
                    .ok());
    return out;
  }

  std::string PublicText() {
    auto list = u().PublicList();
    EXPECT_TRUE(list.ok());
    std::string all;
    for (const auto& p : list->listed) {
      all += p.did + "|" + p.name + "|" + p.remarks_ja + "|" + p.stage + "|";
      for (const auto* n : {&p.notice_ja, &p.notice_en}) {
        if (!*n) continue;
        all += (*n)->title + (*n)->contact + (*n)->published + (*n)->updated + (*n)->closing;
        for (const auto& para : (*n)->paragraphs) all += para;
      }
    }
    return all;
  }

  Actor lead_, coord_, analyst_, finder_, member_;
  domain::Case case_;
  std::int64_t vendor_ = 0;
};

TEST_F(UnreachableTest, ProposesOnlyWhenTheRulesAreMetAndTheCoordinatorConfirms) {
  Attempt(ContactChannel::kMail);
  auto v = u().Developer(lead_, case_.id, vendor_);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->evaluation.Meets());
  auto early = u().Confirm(lead_, case_.id, vendor_, {.public_name = "Foo Soft"});
  EXPECT_EQ(Code(early), ErrorCode::kConflict);
  // "Developer unknown" needs a reason, not the rules.
  EXPECT_EQ(Code(u().Confirm(lead_, case_.id, vendor_,
                             {.basis = domain::UnreachableBasis::kDeveloperUnknown, .public_name = "Foo"})),
            ErrorCode::kInvalidInput);

  clock_.Set(clock_.Now() + days(31));
  Attempt(ContactChannel::kPhone);
  Attempt(ContactChannel::kMail);
  v = u().Developer(lead_, case_.id, vendor_);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->evaluation.Meets());
  EXPECT_FALSE(v->entry);
  auto e = u().Confirm(lead_, case_.id, vendor_, {.public_name = "Foo Soft"});
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_TRUE(domain::IsDid(e->did)) << e->did;
  EXPECT_EQ(e->stage, UnreachableStage::kListed);
  EXPECT_EQ(Code(u().Confirm(lead_, case_.id, vendor_, {.public_name = "Foo Soft"})), ErrorCode::kConflict);
  // Only coordinators of the case: an unassigned coordinator and the committee see nothing.
  EXPECT_EQ(Code(u().Developer(coord_, case_.id, vendor_)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(u().Developer(member_, case_.id, vendor_)), ErrorCode::kNotFound);
  EXPECT_EQ(Code(u().RecordAttempt(finder_, case_.id, vendor_, {.at = clock_.Now(), .recipient = "x"})),
            ErrorCode::kNotFound);
}

TEST_F(UnreachableTest, TheWholePathFromFirstAttemptToTheCommitteesDecision) {
  auto e = ListIt();
  ASSERT_NE(e.id, 0);
  EXPECT_NE(PublicText().find("Foo Soft"), std::string::npos);
  EXPECT_EQ(PublicText().find("FooViewer 2.1"), std::string::npos) << "no product before the grace period";

  // The committee knows nothing yet.
  EXPECT_EQ(Code(u().DossierOf(member_, e.id)), ErrorCode::kNotFound);
  auto none = u().Dossiers(member_);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  // Stage 2 after three months.
  EXPECT_EQ(Code(u().PublishProduct(lead_, case_.id, vendor_, domain::DeveloperKind::kNonCompany, "FooViewer",
                                    "2.1")),
            ErrorCode::kConflict);
  clock_.Set(clock_.Now() + days(92));
  ASSERT_TRUE(
      u().PublishProduct(lead_, case_.id, vendor_, domain::DeveloperKind::kNonCompany, "FooViewer", "2.1")
          .ok());
  const std::string text = PublicText();
  EXPECT_NE(text.find("製品名 FooViewer、バージョン 2.1 の作者"), std::string::npos);
  EXPECT_NE(text.find("修正版の提供が可能な方"), std::string::npos) << "the non-company wording";
  EXPECT_EQ(text.find(case_.identifier), std::string::npos) << "the case identifier is not public";
  EXPECT_EQ(text.find("Buffer overflow"), std::string::npos) << "nothing technical is public";

  // Stage 3: the deadline, then stage 4 once it has passed.
  clock_.Set(clock_.Now() + days(31));
  const auto deadline = domain::JstDay(clock_.Now()) + days(30);
  ASSERT_TRUE(u().AddDeadline(lead_, case_.id, vendor_, deadline).ok());
  EXPECT_NE(PublicText().find("までにご連絡をいただけなかった場合"), std::string::npos);
  EXPECT_EQ(Code(u().Submit(lead_, case_.id, vendor_)), ErrorCode::kConflict);
  clock_.Set(clock_.Now() + days(31));
  ASSERT_TRUE(u().Submit(lead_, case_.id, vendor_).ok());

  // The committee now sees the dossier: attempts, history; it votes; the coordinator decides.
  auto d = u().DossierOf(member_, e.id);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->attempts.size(), 3u);
  EXPECT_FALSE(d->history.empty());
  EXPECT_TRUE(d->viewer_is_member);
  EXPECT_FALSE(d->viewer_is_coordinator);
  EXPECT_EQ(Code(u().Decide(lead_, e.id, domain::CommitteeDecision::kPublish, "", "verified", "")),
            ErrorCode::kConflict)
      << "no vote yet";
  ASSERT_TRUE(u().Vote(member_, e.id, CommitteeVote::kDoNotPublish, "wait").ok());
  ASSERT_TRUE(u().Vote(member_, e.id, CommitteeVote::kPublish, "users must know").ok());  // changed its mind
  EXPECT_EQ(Code(u().Vote(lead_, e.id, CommitteeVote::kPublish, "")), ErrorCode::kNotFound);
  EXPECT_EQ(Code(u().Decide(member_, e.id, domain::CommitteeDecision::kPublish, "", "x", "")),
            ErrorCode::kNotFound);
  EXPECT_EQ(Code(u().Decide(lead_, e.id, domain::CommitteeDecision::kPublish, "", "", "")),
            ErrorCode::kInvalidInput)
      << "publishing needs the verification notes";
  ASSERT_TRUE(
      u().Decide(lead_, e.id, domain::CommitteeDecision::kPublish, "unanimous", "再現を確認", "Reproduced")
          .ok());
  d = u().DossierOf(member_, e.id);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->votes.size(), 1u);
  EXPECT_EQ(d->votes[0].vote, CommitteeVote::kPublish);
  EXPECT_EQ(d->entry.stage, UnreachableStage::kDecided);
  EXPECT_EQ(Code(u().Vote(member_, e.id, CommitteeVote::kAbstain, "")), ErrorCode::kConflict);

  // What the advisory carries (fig. 6); then recorded as published.
  auto t = u().PublicationText(lead_, e.id);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->ja.vendor_view, "なし");
  EXPECT_EQ(t->en.vendor_view, "None");
  EXPECT_EQ(t->ja.history.size(), 6u);
  EXPECT_EQ(t->ja.verification, "再現を確認");
  ASSERT_TRUE(u().MarkPublished(lead_, e.id, case_.identifier, clock_.Now()).ok());
  auto p = u().PublicEntry(e.did);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->stage, "published");
  EXPECT_EQ(p->advisory_identifier, case_.identifier) << "public once the advisory is";
  EXPECT_EQ(Code(u().DeveloperAnswered(lead_, case_.id, vendor_, ContactChannel::kMail, "late")),
            ErrorCode::kConflict);
}

TEST_F(UnreachableTest, AnAnswerAtTheProductStageReturnsToNormalCoordination) {
  auto e = ListIt();
  clock_.Set(clock_.Now() + days(92));
  ASSERT_TRUE(
      u().PublishProduct(lead_, case_.id, vendor_, domain::DeveloperKind::kCompany, "FooViewer", "2.1").ok());
  clock_.Set(clock_.Now() + days(3));
  // An attempt recorded as answered resolves the entry.
  Attempt(ContactChannel::kMail, ContactOutcome::kAnswered);
  auto v = u().Developer(lead_, case_.id, vendor_);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->entry);
  ASSERT_EQ(v->resolved.size(), 1u);
  EXPECT_EQ(v->resolved[0].resolved_from, UnreachableStage::kProductPublished);
  EXPECT_EQ(v->vendor.last_answer_at, clock_.Now());
  auto list = u().PublicList();
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->listed.empty());
  ASSERT_EQ(list->resolved.size(), 1u);
  EXPECT_EQ(list->resolved[0].stage, "resolved");
  EXPECT_FALSE(list->resolved[0].notice_ja) << "the product notice is withdrawn with the entry";
  EXPECT_TRUE(list->resolved[0].resolved);
  // Later stages are no longer possible; the developer could be listed again with a new number.
  EXPECT_EQ(Code(u().AddDeadline(lead_, case_.id, vendor_, domain::JstDay(clock_.Now()) + days(60))),
            ErrorCode::kConflict);
  EXPECT_FALSE(v->evaluation.Meets());
  (void)e;
}

// The committee's mail (G7-2): every member is told a dossier awaits their
// vote, in their language; the case's coordinators are told the decision.
// The mail names the inquiry number and links to the dossier; nothing of the
// vulnerability or the embargoed case identifier.
TEST_F(UnreachableTest, CommitteeMembersAreMailedOnSubmissionAndCoordinatorsOnTheDecision) {
  auto english = services_->accounts.AddUser("member-en@example.jp", "Member En", Role::kCommittee, kPassword,
                                             domain::Language::kEn);
  ASSERT_TRUE(english.ok()) << english.error().message;
  ASSERT_TRUE(services_->coordination.AssignCoordinator(lead_, case_.id, coord_.id()).ok());
  const auto e = BeforeTheCommittee();
  auto sent = CommitteeMail(e, "committee.submitted");
  ASSERT_EQ(sent.size(), 2u) << "both members, nobody else";
  for (const auto& m : sent) {
    EXPECT_EQ(m.kind, "committee.submitted");
    EXPECT_TRUE(m.confidential);
    EXPECT_EQ(m.subject.rfind("[" + e.did + "] ", 0), 0u) << m.subject;
    EXPECT_NE(m.body.find(e.did), std::string::npos);
    EXPECT_NE(m.body.find("/committee/" + std::to_string(e.id)), std::string::npos);
    for (const std::string& secret : {case_.identifier, std::string("Buffer overflow"), std::string("crash.foo")}) {
      EXPECT_EQ(m.subject.find(secret), std::string::npos) << secret;
      EXPECT_EQ(m.body.find(secret), std::string::npos) << secret;
    }
    if (m.to_email == "member-en@example.jp") {
      EXPECT_EQ(m.language, domain::Language::kEn);
      EXPECT_NE(m.subject.find("a dossier awaits your vote"), std::string::npos) << m.subject;
    } else {
      EXPECT_EQ(m.to_email, "member@example.jp");
      EXPECT_NE(m.subject.find("公表判定委員会"), std::string::npos) << m.subject;
    }
  }

  ASSERT_TRUE(u().Vote(member_, e.id, CommitteeVote::kPublish, "").ok());
  ASSERT_TRUE(u().Decide(lead_, e.id, domain::CommitteeDecision::kDoNotPublish, "", "", "").ok());
  const auto decided = CommitteeMail(e, "committee.decided");
  // The assigned coordinator only: the lead who recorded it is no member of the case.
  ASSERT_EQ(decided.size(), 1u);
  EXPECT_EQ(decided[0].to_email, "coord@example.jp");
  EXPECT_NE(decided[0].body.find(e.did), std::string::npos);
  EXPECT_NE(decided[0].body.find("公表しない"), std::string::npos) << decided[0].body;
}

// A case without an assigned coordinator: the decision goes to the lead coordinators.
TEST_F(UnreachableTest, WithoutAssignedCoordinatorsTheLeadsHearTheDecision) {
  const auto e = BeforeTheCommittee();
  ASSERT_TRUE(u().Vote(member_, e.id, CommitteeVote::kPublish, "").ok());
  ASSERT_TRUE(u().Decide(lead_, e.id, domain::CommitteeDecision::kDoNotPublish, "", "", "").ok());
  const auto decided = CommitteeMail(e, "committee.decided");
  ASSERT_EQ(decided.size(), 1u);
  EXPECT_EQ(decided[0].to_email, "lead@example.jp");
}

}  // namespace
}  // namespace cvdhub::app
