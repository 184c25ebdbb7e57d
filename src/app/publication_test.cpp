// App-level tests of publication (PROCESS.md §4.10–4.11) over the real SQLite
// store: the advisory becomes public exactly once and not a second early, CVE
// IDs come from the CNA block, later status changes are dated history, and a
// draft is seen only by the case's coordinators and, once shared, its vendors.
#include <gtest/gtest.h>

#include <chrono>

#include "app/app_test_support.hpp"

namespace cvdhub::app {
namespace {

using namespace std::chrono;
using domain::AdvisoryState;
using domain::Role;
using domain::VendorStatus;

Timestamp Utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss}};
}

struct Vendor {
  std::int64_t id = 0;
  Actor psirt;
};

class PublicationTest : public test_support::AppFixture {
 protected:
  PublicationTest() : AppFixture(Utc(2026, 5, 1, 1, 0)) {}

  void SetUp() override {
    AppFixture::SetUp();
    if (HasFatalFailure()) return;
    lead_ = User("lead", Role::kLeadCoordinator);
    analyst_ = User("analyst", Role::kIntakeAnalyst);
    finder_ = User("finder", Role::kFinder);
    ASSERT_EQ(pub().AddCveBlock(2026, 1000, 1009).value(), 10);
  }

  Publication& pub() { return services_->publication; }
  Coordination& coord() { return services_->coordination; }

  Actor User(const std::string& name, Role role) {
    auto u = services_->accounts.AddUser(name + "@example.jp", "User " + name, role, "correct horse battery",
                                         domain::Language::kJa);
    EXPECT_TRUE(u.ok()) << u.error().message;
    return u.ok() ? Actor{*u} : Actor::Anonymous();
  }

  Vendor AddVendorWithDetails(domain::CaseId id, const std::string& slug) {
    Vendor v;
    auto vid = services_->registry.Create(lead_, {.name = "Vendor " + slug, .contact_email = "psirt@" + slug + ".example"});
    EXPECT_TRUE(vid.ok());
    v.id = *vid;
    v.psirt = User("psirt-" + slug, Role::kVendor);
    EXPECT_TRUE(services_->registry.AddMember(lead_, v.id, v.psirt.id()).ok());
    EXPECT_TRUE(coord().AddVendor(lead_, id, v.id, /*obvious=*/true, 0).ok());
    EXPECT_TRUE(coord().ReleaseDetails(lead_, id, v.id).ok());
    return v;
  }

  // A case with one vendor in the vendor table and an agreed date at `at`.
  domain::Case CaseAgreedAt(Timestamp at) {
    domain::ReportSubmission s{.kind = domain::ReportKind::kSoftware, .title = "Heap overflow in Example CMS",
                               .product_name = "Example CMS", .product_version = "4.2.1",
                               .product_url = "https://cms.example.jp/", .discovery_method = "fuzzing",
                               .reproduction = "upload poc.xml", .impact = "remote code execution",
                               .finder_name = "山田 太郎", .finder_contact = "finder@example.jp",
                               .wants_credit = true, .credit_name = "Taro Yamada"};
    auto r = services_->reports.Submit(finder_, s);
    EXPECT_TRUE(r.ok()) << r.error().message;
    auto c = services_->triage.Accept(analyst_, r->id, "");
    EXPECT_TRUE(c.ok()) << c.error().message;
    EXPECT_TRUE(coord().UpdateInfo(lead_, c->id, {.overview = "overview", .details = "details"}).ok());
    vendor_ = AddVendorWithDetails(c->id, "a");
    EXPECT_TRUE(coord().ProposeDate(lead_, c->id, at, "").ok());
    EXPECT_TRUE(coord().AgreeDate(lead_, c->id).ok());
    return *c;
  }

  static domain::Advisory Draft() {
    domain::Advisory a;
    a.sections.title = {.ja = "Example CMS におけるヒープオーバーフロー", .en = "Heap overflow in Example CMS",
                        .translation = domain::Translation::kDone};
    a.sections.overview = {.ja = "概要", .en = "Overview", .translation = domain::Translation::kDone};
    a.vulnerabilities = {{.cwe = "CWE-122", .cvss31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                         {.cve_id = "CVE-2026-7777", .cve_source = domain::CveSource::kOtherCna,
                          .cve_assigner = "Other CNA", .cwe = "CWE-400"}};
    return a;
  }

  void Schedule(domain::CaseId id) {
    ASSERT_TRUE(pub().Draft(lead_, id).ok());
    const Status saved = pub().SaveDraft(lead_, id, Draft());
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    const Status scheduled = pub().Schedule(lead_, id);
    ASSERT_TRUE(scheduled.ok()) << scheduled.error().message;
  }

  Actor lead_, analyst_, finder_;
  Vendor vendor_;
};

TEST_F(PublicationTest, PublishesExactlyOnceAtTheAgreedMomentAndNotEarlier) {
  const Timestamp at = Utc(2026, 6, 15, 1, 0);
  const auto c = CaseAgreedAt(at);
  Schedule(c.id);

  clock_.Set(at - seconds(1));
  EXPECT_EQ(pub().PublishDue().value(), 0);
  EXPECT_EQ(pub().Public(c.identifier).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(pub().PublicList(1, 20)->total, 0);

  clock_.Set(at);
  EXPECT_EQ(pub().PublishDue().value(), 1);
  EXPECT_EQ(pub().PublishDue().value(), 0);
  // A second process on the same store (or the server after a restart) publishes nothing again.
  Services other(*ctx_);
  EXPECT_EQ(other.publication.PublishDue().value(), 0);

  auto p = pub().Public(c.identifier);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->advisory.state, AdvisoryState::kPublished);
  EXPECT_EQ(p->advisory.published_at, at);
  ASSERT_EQ(p->advisory.vulnerabilities.size(), 2u);
  EXPECT_EQ(p->advisory.vulnerabilities[0].cve_id, "CVE-2026-1000");  // from the block
  EXPECT_EQ(p->advisory.vulnerabilities[0].cve_source, domain::CveSource::kCnaBlock);
  EXPECT_EQ(p->advisory.vulnerabilities[1].cve_id, "CVE-2026-7777");  // another CNA's, kept
  EXPECT_EQ(pub().CveIdsLeft().value(), 9);
  // The vendor that got the details and filed nothing is listed as "information provided".
  ASSERT_EQ(p->vendors.size(), 1u);
  EXPECT_EQ(p->vendors[0].status, VendorStatus::kInformationProvided);
  // The finder is told in the report's thread.
  auto mine = services_->reports.ListOwn(finder_);
  ASSERT_TRUE(mine.ok());
  auto report = services_->reports.View(finder_, mine->front().id);
  ASSERT_TRUE(report.ok());
  EXPECT_NE(report->messages.back().body.find(c.identifier), std::string::npos);
}

TEST_F(PublicationTest, AnEarlierDateMovesThePublicationForEveryone) {
  const Timestamp at = Utc(2026, 6, 15, 1, 0);
  const auto c = CaseAgreedAt(at);
  Schedule(c.id);
  clock_.Set(Utc(2026, 6, 1));
  const Timestamp early = Utc(2026, 6, 2, 3, 0);
  ASSERT_TRUE(coord().PublishEarly(lead_, c.id, early, "exploited in the wild", true).ok());
  clock_.Set(early);
  EXPECT_EQ(pub().PublishDue().value(), 1);
  EXPECT_EQ(pub().Public(c.identifier)->advisory.published_at, early);
}

TEST_F(PublicationTest, SchedulingNeedsACompleteAdvisoryAndEnoughCveIds) {
  const auto c = CaseAgreedAt(Utc(2026, 6, 15));
  ASSERT_TRUE(pub().Draft(lead_, c.id).ok());
  domain::Advisory empty;
  ASSERT_TRUE(pub().SaveDraft(lead_, c.id, empty).ok());  // a draft may be incomplete
  auto refused = pub().Schedule(lead_, c.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "title_ja");

  domain::Advisory bad = Draft();
  bad.vulnerabilities[0].cvss31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q";
  auto invalid = pub().SaveDraft(lead_, c.id, bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().field, "vulnerabilities[0].cvss31");
  EXPECT_NE(invalid.error().message.find("A"), std::string::npos);

  domain::Advisory many = Draft();
  for (int i = 0; i < 12; ++i) many.vulnerabilities.push_back({.cwe = "CWE-79"});
  ASSERT_TRUE(pub().SaveDraft(lead_, c.id, many).ok());
  auto short_block = pub().Schedule(lead_, c.id);
  ASSERT_FALSE(short_block.ok());
  EXPECT_EQ(short_block.error().code, ErrorCode::kConflict);
  EXPECT_NE(short_block.error().message.find("add-block"), std::string::npos);
}

TEST_F(PublicationTest, StatusChangesAfterPublicationAreDatedHistory) {
  const Timestamp at = Utc(2026, 6, 15, 1, 0);
  const auto c = CaseAgreedAt(at);
  Schedule(c.id);
  clock_.Set(at);
  ASSERT_EQ(pub().PublishDue().value(), 1);
  EXPECT_TRUE(pub().Public(c.identifier)->updates.empty());

  const Timestamp later = at + days(3);
  clock_.Set(later);
  ASSERT_TRUE(coord().FileStatement(vendor_.psirt, c.id,
                                    {.status = VendorStatus::kAffected, .statement = "Fixed in 4.2.2."})
                  .ok());
  auto p = pub().Public(c.identifier);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->updates.size(), 1u);
  EXPECT_EQ(p->updates[0].at, later);
  EXPECT_NE(p->updates[0].note_en.find("Vulnerable"), std::string::npos);
  EXPECT_EQ(p->advisory.modified_at, later);
  EXPECT_EQ(p->advisory.published_at, at);
  EXPECT_EQ(p->vendors[0].status, VendorStatus::kAffected);
  ASSERT_FALSE(p->vendors[0].history.empty());
  EXPECT_EQ(p->vendors[0].history.back().status, VendorStatus::kAffected);
  EXPECT_EQ(p->vendors[0].history.back().at, later);
  EXPECT_EQ(pub().PublicSince(later, 10)->size(), 1u);
  EXPECT_EQ(pub().PublicSince(later + seconds(1), 10)->size(), 0u);
}

TEST_F(PublicationTest, TheDraftIsSeenByTheCaseOnlyAndEachVendorSeesItsOwnComments) {
  const auto c = CaseAgreedAt(Utc(2026, 6, 15));
  const Vendor b = AddVendorWithDetails(c.id, "b");
  const Actor outsider = User("outsider", Role::kVendor);
  ASSERT_TRUE(pub().Draft(lead_, c.id).ok());
  ASSERT_TRUE(pub().SaveDraft(lead_, c.id, Draft()).ok());

  // Before it is shared, vendors do not see it; never an unrelated vendor or the public.
  EXPECT_EQ(pub().ReviewDraft(vendor_.psirt, c.id).error().code, ErrorCode::kConflict);
  EXPECT_EQ(pub().Draft(vendor_.psirt, c.id).error().code, ErrorCode::kNotFound);  // a coordinator's page
  ASSERT_TRUE(pub().ShareForReview(lead_, c.id).ok());
  EXPECT_EQ(pub().ReviewDraft(outsider, c.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(pub().Public(c.identifier).error().code, ErrorCode::kNotFound);

  ASSERT_TRUE(pub().Comment(vendor_.psirt, c.id, "Please credit our PSIRT.").ok());
  ASSERT_TRUE(pub().Comment(b.psirt, c.id, "Our fix ships on 6/14.").ok());
  auto a_view = pub().ReviewDraft(vendor_.psirt, c.id);
  ASSERT_TRUE(a_view.ok());
  ASSERT_EQ(a_view->comments.size(), 1u);
  EXPECT_EQ(a_view->comments[0].body, "Please credit our PSIRT.");
  ASSERT_EQ(a_view->vendors.size(), 1u);  // its own row only
  EXPECT_EQ(a_view->vendors[0].vendor_id, vendor_.id);
  auto lead_view = pub().Draft(lead_, c.id);
  ASSERT_TRUE(lead_view.ok());
  EXPECT_EQ(lead_view->comments.size(), 2u);
  EXPECT_EQ(lead_view->vendors.size(), 2u);
}

TEST_F(PublicationTest, ChangingTheJapaneseMarksACheckedTranslationOutdated) {
  const auto c = CaseAgreedAt(Utc(2026, 6, 15));
  ASSERT_TRUE(pub().Draft(lead_, c.id).ok());
  ASSERT_TRUE(pub().SaveDraft(lead_, c.id, Draft()).ok());
  domain::Advisory edited = Draft();
  edited.sections.overview.ja = "新しい概要";
  ASSERT_TRUE(pub().SaveDraft(lead_, c.id, edited).ok());
  auto v = pub().Draft(lead_, c.id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->advisory.sections.overview.translation, domain::Translation::kOutdated);
  EXPECT_EQ(v->advisory.sections.title.translation, domain::Translation::kDone);
}

}  // namespace
}  // namespace cvdhub::app
