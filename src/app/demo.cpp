#include "app/demo.hpp"

#include <chrono>

namespace cvdhub::app {

using namespace std::chrono_literals;

std::vector<DemoLogin> DemoLogins() {
  return {
      {"lead_coordinator", "coordinator@demo.cvdhub.test", "demo-coordinator"},
      {"intake_analyst", "analyst@demo.cvdhub.test", "demo-analyst-pw"},
      {"finder", "finder@demo.cvdhub.test", "demo-finder-pw"},
  };
}

Result<std::vector<DemoLogin>> LoadDemoData(Context& base) {
  bool empty = false;
  auto st = base.store.Read([&](store::Tx& tx) -> Status {
    auto users = tx.ListUsers();
    if (!users) return users.error();
    empty = users->empty();
    return {};
  });
  if (!st) return st.error();
  if (!empty) return std::vector<DemoLogin>{};

  // The demo happens over the last weeks: a clock we move as we go.
  const auto now = base.clock.Now();
  FixedClock clock(now - std::chrono::days(21));
  Context ctx{base.store, clock, base.calendar, base.catalog, base.audit, base.config};
  Services s(ctx);

  const auto logins = DemoLogins();
  auto coord = s.accounts.AddUser(logins[0].email, "Demo Coordinator / 調整 太郎", domain::Role::kLeadCoordinator,
                                  logins[0].password, domain::Language::kJa);
  if (!coord) return coord.error();
  auto analyst = s.accounts.AddUser(logins[1].email, "Demo Analyst / 受付 花子", domain::Role::kIntakeAnalyst,
                                    logins[1].password, domain::Language::kJa);
  if (!analyst) return analyst.error();
  auto finder = s.accounts.AddUser(logins[2].email, "Demo Finder / 発見 一郎", domain::Role::kFinder,
                                   logins[2].password, domain::Language::kJa);
  if (!finder) return finder.error();

  st = base.store.Write([&](store::Tx& tx) -> Status {
    const domain::Vendor vendors[] = {
        {.name = "サンプル電機株式会社", .name_en = "Sample Electric Co., Ltd.",
         .registration = domain::RegistrationType::kGeneral, .contact_email = "psirt@sample-electric.example",
         .phone = "+81-3-0000-0001", .public_listing = true, .accepts_direct_reports = true, .created_at = now},
        {.name = "Example Router Inc.", .name_en = "Example Router Inc.",
         .registration = domain::RegistrationType::kIndividual, .contact_email = "security@example-router.example",
         .public_listing = true, .created_at = now},
        {.name = "OpenWidget Project", .name_en = "OpenWidget Project",
         .registration = domain::RegistrationType::kIndividual, .contact_email = "security@openwidget.example",
         .created_at = now},
    };
    for (const auto& v : vendors) {
      if (auto id = tx.InsertVendor(v); !id) return id.error();
    }
    return {};
  });
  if (!st) return st.error();

  const Actor as_finder{*finder};
  const Actor as_analyst{*analyst};
  auto submission = [](domain::ReportKind kind, std::string title, std::string product, std::string version,
                       std::string url, domain::Language lang) {
    return domain::ReportSubmission{
        .kind = kind,
        .title = std::move(title),
        .product_name = std::move(product),
        .product_version = std::move(version),
        .product_url = std::move(url),
        .discovery_method = "Manual review of the request handling with a proxy.",
        .tools_used = "Burp Suite Community, curl",
        .reproduction = "1. Log in as a normal user.\n2. Send the crafted request below.\n3. Observe the result.",
        .impact = "An attacker on the same network can read other users' data.",
        .finder_name = "発見 一郎",
        .finder_contact = "finder@demo.cvdhub.test",
        .wants_credit = true,
        .credit_name = "Ichiro Hakken",
        .language = lang};
  };

  // 1. Received three weeks ago and never acknowledged: overdue.
  auto r1 = s.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware,
                                                   "SampleCMS の管理画面におけるクロスサイトリクエストフォージェリ",
                                                   "SampleCMS", "4.2.1", "https://cms.example/", domain::Language::kJa),
                             {{"poc.html", "text/html", "<form action=\"https://cms.example/admin\">...</form>\n"}});
  if (!r1) return r1.error();

  // 2. Acknowledged, still being validated.
  clock.Set(now - std::chrono::days(9));
  auto r2 = s.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware,
                                                   "Authentication bypass in Example Router web console",
                                                   "Example Router RX-100", "1.0.7", "https://example-router.example/rx100",
                                                   domain::Language::kEn));
  if (!r2) return r2.error();
  clock.Set(now - std::chrono::days(8));
  if (auto a = s.triage.Acknowledge(as_analyst, r2->id, "We are reproducing the issue."); !a) return a.error();
  if (auto p = s.triage.SetPriority(as_analyst, r2->id, {.wide_effect_japan = true, .large_user_base = true}); !p) {
    return p.error();
  }

  // 3. Accepted: a coordination case with a JVN# identifier.
  clock.Set(now - std::chrono::days(7));
  auto r3 = s.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware,
                                                   "OpenWidget における OS コマンドインジェクション",
                                                   "OpenWidget", "2.3.0", "https://openwidget.example/",
                                                   domain::Language::kJa));
  if (!r3) return r3.error();
  clock.Set(now - std::chrono::days(5));
  if (auto c = s.triage.Accept(as_analyst, r3->id, "調整を開始します。"); !c) return c.error();

  // 4. Declined: the product has had no update for more than 18 months.
  clock.Set(now - std::chrono::days(4));
  auto r4 = s.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware, "XSS in LegacyBoard",
                                                   "LegacyBoard", "0.9", "https://legacyboard.example/",
                                                   domain::Language::kEn));
  if (!r4) return r4.error();
  clock.Set(now - std::chrono::days(3));
  if (auto d = s.triage.Decline(as_analyst, r4->id, domain::DeclineReason::kStale18Months,
                                "The last release was in 2019.");
      !d) {
    return d.error();
  }

  // 5. A website report, accepted into the website track.
  clock.Set(now - std::chrono::days(2));
  auto r5 = s.reports.Submit(as_finder, submission(domain::ReportKind::kWebsite, "ショッピングサイトにおける SQL インジェクション",
                                                   "Example Shop", "", "https://shop.example.jp/",
                                                   domain::Language::kJa));
  if (!r5) return r5.error();
  clock.Set(now - std::chrono::days(1));
  if (auto c = s.triage.Accept(as_analyst, r5->id, "運営者に連絡します。"); !c) return c.error();

  // 6. Just received.
  clock.Set(now - 2h);
  auto r6 = s.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware,
                                                   "Path traversal in Sample Electric NAS firmware",
                                                   "Sample NAS", "3.1.4", "https://sample-electric.example/nas",
                                                   domain::Language::kEn));
  if (!r6) return r6.error();
  if (auto m = s.reports.PostMessage(as_finder, r6->id, "I will present this at a conference in three months."); !m) {
    return m.error();
  }
  return logins;
}

}  // namespace cvdhub::app
