#include "app/demo.hpp"

#include <chrono>

namespace cvdhub::app {

using namespace std::chrono_literals;

std::vector<DemoLogin> DemoLogins() {
  return {
      {"lead_coordinator", "coordinator@demo.cvdhub.test", "demo-coordinator"},
      {"intake_analyst", "analyst@demo.cvdhub.test", "demo-analyst-pw"},
      {"finder", "finder@demo.cvdhub.test", "demo-finder-pw"},
      {"vendor (OpenWidget Project)", "psirt@openwidget.example", "demo-vendor-ow"},
      {"vendor (Sample Electric)", "psirt@sample-electric.example", "demo-vendor-se"},
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

  std::vector<std::int64_t> vendor_ids;
  st = base.store.Write([&](store::Tx& tx) -> Status {
    const domain::Vendor vendors[] = {
        {.name = "サンプル電機株式会社", .name_en = "Sample Electric Co., Ltd.",
         .registration = domain::RegistrationType::kGeneral, .contact_email = "psirt@sample-electric.example",
         .phone = "+81-3-0000-0001", .public_listing = true, .accepts_direct_reports = true, .created_at = now,
         .reporting_contact = "https://sample-electric.example/psirt/report"},
        {.name = "Example Router Inc.", .name_en = "Example Router Inc.",
         .registration = domain::RegistrationType::kIndividual, .contact_email = "security@example-router.example",
         .public_listing = true, .created_at = now},
        {.name = "OpenWidget Project", .name_en = "OpenWidget Project",
         .registration = domain::RegistrationType::kIndividual, .contact_email = "security@openwidget.example",
         .created_at = now},
    };
    for (const auto& v : vendors) {
      auto id = tx.InsertVendor(v);
      if (!id) return id.error();
      vendor_ids.push_back(*id);
    }
    return {};
  });
  if (!st) return st.error();
  const std::int64_t sample_electric = vendor_ids[0];
  const std::int64_t openwidget = vendor_ids[2];

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
  auto case3 = s.triage.Accept(as_analyst, r3->id, "調整を開始します。");
  if (!case3) return case3.error();

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

  // The registry: PSIRT accounts, contacts, products and keyword answers.
  const Actor as_coord{*coord};
  const std::pair<std::int64_t, std::size_t> psirts[] = {{openwidget, 3}, {sample_electric, 4}};
  for (const auto& [vendor_id, login] : psirts) {
    auto u = s.accounts.AddUser(logins[login].email, "PSIRT " + logins[login].email, domain::Role::kVendor,
                                logins[login].password, domain::Language::kEn);
    if (!u) return u.error();
    if (auto m = s.registry.AddMember(as_coord, vendor_id, u->id); !m) return m.error();
    if (auto c = s.registry.AddContact(as_coord, {.vendor_id = vendor_id, .name = "PSIRT",
                                                  .email = logins[login].email, .is_primary = true});
        !c) {
      return c.error();
    }
  }
  const domain::VendorProduct products[] = {
      {.vendor_id = openwidget, .name = "OpenWidget", .cpe = "cpe:2.3:a:openwidget:openwidget:*:*:*:*:*:*:*:*",
       .purl = "pkg:github/openwidget/openwidget"},
      {.vendor_id = sample_electric, .name = "Sample NAS", .cpe = "cpe:2.3:o:sample_electric:sample_nas_firmware:*:*:*:*:*:*:*:*"},
      {.vendor_id = sample_electric, .name = "Sample Smart Panel (uses OpenWidget)"},
  };
  for (const auto& p : products) {
    if (auto id = s.registry.AddProduct(as_coord, p); !id) return id.error();
  }
  if (auto k = s.registry.SetKeywords(as_coord, sample_electric, {"OpenWidget", "embedded Linux", "UPnP"}); !k) {
    return k.error();
  }

  // Report 3 is in coordination: the upstream developer is obvious and got the
  // details; a downstream vendor got the overview and asked for details.
  clock.Set(now - std::chrono::days(5) + 1h);
  if (auto i = s.coordination.UpdateInfo(
          as_coord, case3->id,
          {.overview = "An OS command injection in a widely used widget library for embedded web consoles.",
           .details = "The `render` endpoint of OpenWidget 2.3.0 passes the `theme` parameter to a shell. "
                      "Proof of concept: GET /render?theme=$(id). Fixed by quoting the argument.",
           .product_ids = "cpe:2.3:a:openwidget:openwidget:2.3.0:*:*:*:*:*:*:*",
           .keywords = "OpenWidget, embedded Linux"});
      !i) {
    return i.error();
  }
  if (auto a = s.coordination.AddVendor(as_coord, case3->id, openwidget, /*obvious=*/true, 0); !a) return a.error();
  if (auto a = s.coordination.AddVendor(as_coord, case3->id, sample_electric, false, 1); !a) return a.error();
  if (auto d = s.coordination.ReleaseDetails(as_coord, case3->id, openwidget); !d) return d.error();
  clock.Set(now - std::chrono::days(4));
  if (auto o = s.coordination.SendOverview(as_coord, case3->id, sample_electric); !o) return o.error();
  clock.Set(now - std::chrono::days(3));
  auto ow_user = s.accounts.Login(logins[3].email, logins[3].password, "demo");
  if (!ow_user) return ow_user.error();
  const Actor as_openwidget{ow_user->user};
  if (auto f = s.coordination.FileStatement(as_openwidget, case3->id,
                                            {.status = domain::VendorStatus::kAffected,
                                             .statement = "Fixed in OpenWidget 2.3.1.",
                                             .advisory_url = "https://openwidget.example/security/2026-01",
                                             .fix_ready = true});
      !f) {
    return f.error();
  }
  (void)s.accounts.Logout(ow_user->session_token);
  auto se_user = s.accounts.Login(logins[4].email, logins[4].password, "demo");
  if (!se_user) return se_user.error();
  const Actor as_sample{se_user->user};
  if (auto a = s.coordination.AnswerOverview(as_sample, case3->id, domain::OverviewAnswer::kMayBeAffected); !a) {
    return a.error();
  }
  (void)s.accounts.Logout(se_user->session_token);
  clock.Set(now - std::chrono::days(2));
  if (auto p = s.coordination.ProposeDate(as_coord, case3->id, now + std::chrono::days(30), "45-day target."); !p) {
    return p.error();
  }
  return logins;
}

}  // namespace cvdhub::app
