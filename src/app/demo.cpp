#include "app/demo.hpp"

#include <chrono>
#include <memory>

#include "app/services.hpp"

namespace cvdhub::app {

using namespace std::chrono_literals;

std::vector<DemoLogin> DemoLogins() {
  return {
      {"lead_coordinator", "coordinator@demo.cvdhub.test", "demo-coordinator"},
      {"intake_analyst", "analyst@demo.cvdhub.test", "demo-analyst-pw"},
      {"finder", "finder@demo.cvdhub.test", "demo-finder-pw"},
      {"vendor (OpenWidget Project)", "psirt@openwidget.example", "demo-vendor-ow"},
      {"vendor (Sample Electric)", "psirt@sample-electric.example", "demo-vendor-se"},
      {"website operator (Example Shop)", "webmaster@shop.example.jp", "demo-operator-pw"},
  };
}

namespace {

// One published advisory of the demo: a case taken from report to publication.
struct DemoAdvisory {
  domain::ReportSubmission report;
  domain::ReportSource source;
  std::vector<std::pair<std::int64_t, std::optional<StatementInput>>> vendors;  // none: information provided
  domain::Advisory draft;
};

// Two published advisories, as a new user of the portal expects to find: one
// single-vendor JVN# and one multi-vendor JVNVU# showing every vendor status,
// with a later status change in its update history. Published 30 and 12 days ago.
Status LoadDemoAdvisories(Context& base, Timestamp now, const std::vector<std::int64_t>& known_vendors) {
  FixedClock clock(now - std::chrono::days(90));
  Context ctx{base.store, clock, base.calendar, base.catalog, base.audit, base.config};
  Services s(ctx);
  const int year = static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(now)).year());
  if (auto added = s.publication.AddCveBlock(year, 50000, 50099); !added) return added.error();
  if (year > 1999) {
    if (auto added = s.publication.AddCveBlock(year - 1, 50000, 50099); !added) return added.error();
  }

  std::vector<std::int64_t> more;
  auto st = base.store.Write([&](store::Tx& tx) -> Status {
    const domain::Vendor vendors[] = {
        {.name = "日本カメラ株式会社", .name_en = "Nihon Camera K.K.", .registration = domain::RegistrationType::kGeneral,
         .contact_email = "psirt@nihon-camera.example", .public_listing = true, .created_at = now},
        {.name = "Tiny IoT Lab", .name_en = "Tiny IoT Lab", .contact_email = "security@tiny-iot.example",
         .created_at = now},
        {.name = "Orbit Printers Ltd.", .name_en = "Orbit Printers Ltd.", .contact_email = "psirt@orbit-printers.example",
         .public_listing = true, .created_at = now},
        {.name = "北ネットワークス株式会社", .name_en = "Kita Networks Inc.", .contact_email = "psirt@kita-net.example",
         .created_at = now},
    };
    for (const auto& v : vendors) {
      auto id = tx.InsertVendor(v);
      if (!id) return id.error();
      more.push_back(*id);
    }
    return {};
  });
  if (!st) return st;
  const std::int64_t openwidget = known_vendors[0], sample_electric = known_vendors[1], router = known_vendors[2];

  auto bi = [](std::string ja, std::string en) {
    return domain::Bilingual{.ja = std::move(ja), .en = std::move(en), .translation = domain::Translation::kDone};
  };
  const domain::ReportSubmission base_report{
      .kind = domain::ReportKind::kSoftware, .discovery_method = "Source code review.",
      .reproduction = "See the attached steps.", .impact = "Remote code execution.", .finder_name = "発見 一郎",
      .finder_contact = "finder@demo.cvdhub.test", .wants_credit = true, .credit_name = "Ichiro Hakken"};

  std::vector<DemoAdvisory> advisories;
  {
    DemoAdvisory a{.report = base_report, .source = domain::ReportSource::kPartnership};
    a.report.title = "OpenWidget におけるクロスサイトスクリプティング";
    a.report.product_name = "OpenWidget";
    a.report.product_version = "2.1.0";
    a.report.product_url = "https://openwidget.example/";
    a.report.language = domain::Language::kJa;
    a.vendors = {{openwidget, StatementInput{.status = domain::VendorStatus::kAffected,
                                                     .statement = "OpenWidget 2.1.1 で修正しました。 / Fixed in 2.1.1.",
                                                     .advisory_url = "https://openwidget.example/security/2025-07",
                                                     .fix_ready = true}}};
    auto& d = a.draft;
    d.sections.title = bi("OpenWidget におけるクロスサイトスクリプティングの脆弱性", "OpenWidget vulnerable to cross-site scripting");
    d.sections.overview = bi("OpenWidget には、クロスサイトスクリプティングの脆弱性が存在します。",
                             "OpenWidget contains a cross-site scripting vulnerability.");
    d.sections.affected = bi("OpenWidget 2.1.0 およびそれ以前", "OpenWidget 2.1.0 and earlier");
    d.sections.description = bi("OpenWidget の label パラメータの処理には、出力時のエスケープ処理が不十分な箇所があります。",
                                "OpenWidget does not escape the label parameter on output.");
    d.sections.impact = bi("当該製品にログインした状態のユーザのウェブブラウザ上で、任意のスクリプトを実行される可能性があります。",
                           "An arbitrary script may be executed on the web browser of a user who is logged in to the product.");
    d.sections.solution = bi("開発者が提供する情報をもとに、最新版へアップデートしてください。",
                             "Update to the latest version according to the information provided by the developer.");
    d.sections.acknowledgements = bi("Ichiro Hakken 氏が報告しました。", "Ichiro Hakken reported this vulnerability.");
    d.sections.references = {{.title = "OpenWidget Security Advisory 2025-07",
                              .url = "https://openwidget.example/security/2025-07", .kind = "vendor"}};
    d.vulnerabilities = {{.cwe = "CWE-79", .title = bi("格納型クロスサイトスクリプティング", "Stored cross-site scripting"),
                          .description = bi("label パラメータの処理に起因する格納型 XSS", "Stored XSS via the label parameter"),
                          .cvss31 = "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N",
                          .cvss40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N"}};
    d.products = {{.vendor_id = openwidget, .vendor_name = "OpenWidget Project", .product = "OpenWidget",
                   .versions = "< 2.1.1", .fixed_in = "2.1.1",
                   .cpe = "cpe:2.3:a:openwidget:openwidget:*:*:*:*:*:*:*:*", .purl = "pkg:npm/openwidget"}};
    advisories.push_back(std::move(a));
  }
  {
    DemoAdvisory a{.report = base_report, .source = domain::ReportSource::kOverseasCoordinator};
    a.report.title = "UPnP ライブラリ libtinyupnp におけるバッファオーバーフロー";
    a.report.product_name = "libtinyupnp";
    a.report.product_version = "1.4.2";
    a.report.product_url = "https://tiny-iot.example/libtinyupnp";
    a.report.language = domain::Language::kEn;
    using VS = domain::VendorStatus;
    a.vendors = {
        {more[1], StatementInput{.status = VS::kAffected, .statement = "Fixed in libtinyupnp 1.4.3.",
                                         .advisory_url = "https://tiny-iot.example/advisories/2025-001",
                                         .fix_ready = true}},
        {sample_electric, StatementInput{.status = VS::kAffectedInvestigating,
                                                 .statement = "Sample Smart Panel is affected; other products are being investigated."}},
        {router, StatementInput{.status = VS::kNotAffected, .statement = "Our products do not use libtinyupnp."}},
        {more[0], StatementInput{.status = VS::kNotAffectedInvestigating,
                                         .statement = "No affected product found so far; investigation continues."}},
        {more[2], std::nullopt},  // details released, no statement: information provided
        {more[3], StatementInput{.status = VS::kAffectedInvestigating,
                                 .statement = "Our KN-200 router embeds libtinyupnp; a fix is being prepared."}},
    };
    auto& d = a.draft;
    d.sections.title = bi("libtinyupnp におけるスタックベースのバッファオーバーフローの脆弱性",
                          "libtinyupnp vulnerable to stack-based buffer overflow");
    d.sections.overview = bi("UPnP ライブラリ libtinyupnp には、スタックベースのバッファオーバーフローの脆弱性が存在します。"
                             "本ライブラリを組み込んだ複数の製品が影響を受けます。",
                             "The UPnP library libtinyupnp contains a stack-based buffer overflow. Several products that "
                             "embed the library are affected.");
    d.sections.affected = bi("libtinyupnp 1.4.2 およびそれ以前、ならびに同ライブラリを使用する製品",
                             "libtinyupnp 1.4.2 and earlier, and products using it");
    d.sections.description = bi("SSDP の M-SEARCH 要求の処理において、ST ヘッダの長さ検証が不十分です。",
                                "The length of the ST header of an SSDP M-SEARCH request is not checked.");
    d.sections.impact = bi("隣接ネットワーク上の第三者によって、任意のコードを実行される可能性があります。",
                           "An attacker on the adjacent network may execute arbitrary code.");
    d.sections.solution = bi("各開発者が提供する情報をもとに、アップデートを適用してください。",
                             "Apply the updates according to the information provided by each developer.");
    d.sections.coordinator_notes.ja = "本件は海外調整機関と連携して調整しました。";
    d.sections.coordinator_notes.en = "";
    d.sections.coordinator_notes.translation = domain::Translation::kMissing;  // shown as untranslated
    d.sections.acknowledgements = bi("Ichiro Hakken 氏が報告しました。", "Ichiro Hakken reported this vulnerability.");
    d.vulnerabilities = {
        {.cwe = "CWE-121", .title = bi("スタックベースのバッファオーバーフロー", "Stack-based buffer overflow"),
         .description = bi("ST ヘッダの処理に起因するオーバーフロー", "Overflow when handling the ST header"),
         .cvss31 = "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
         .cvss40 = "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
        {.cwe = "CWE-400", .title = bi("リソースの枯渇", "Uncontrolled resource consumption"),
         .description = bi("大量の M-SEARCH 要求によるサービス運用妨害", "Denial of service by a flood of M-SEARCH requests"),
         .cvss31 = "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"},
    };
    d.products = {{.vendor_id = more[1], .vendor_name = "Tiny IoT Lab", .product = "libtinyupnp",
                   .versions = "<= 1.4.2", .fixed_in = "1.4.3", .purl = "pkg:generic/libtinyupnp"},
                  {.vendor_id = sample_electric, .vendor_name = "サンプル電機株式会社",
                   .product = "Sample Smart Panel", .versions = "firmware 3.0 to 3.2",
                   .cpe = "cpe:2.3:o:sample_electric:smart_panel_firmware:*:*:*:*:*:*:*:*"}};
    advisories.push_back(std::move(a));
  }

  auto users = std::make_shared<std::vector<domain::User>>();
  st = base.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.ListUsers();
    if (!list) return list.error();
    *users = std::move(*list);
    return {};
  });
  if (!st) return st;
  auto find = [&](domain::Role role) -> std::optional<domain::User> {
    for (const auto& u : *users) {
      if (u.role == role) return u;
    }
    return std::nullopt;
  };
  const auto finder = find(domain::Role::kFinder), analyst = find(domain::Role::kIntakeAnalyst),
             lead = find(domain::Role::kLeadCoordinator);
  if (!finder || !analyst || !lead) return Error::Internal("demo accounts missing");
  const Actor as_finder{*finder}, as_analyst{*analyst}, as_coord{*lead};

  int k = 0;
  for (auto& a : advisories) {
    const auto start = now - std::chrono::days(80 - 18 * k);
    const auto publish_at = now - std::chrono::days(30 - 18 * k);
    clock.Set(start);
    auto r = s.reports.Submit(as_finder, a.report, {});
    if (!r) return r.error();
    clock.Set(start + std::chrono::days(1));
    auto c = s.triage.Accept(as_analyst, r->id, "調整を開始します。", a.source);
    if (!c) return c.error();
    clock.Set(start + std::chrono::days(2));
    if (auto i = s.coordination.UpdateInfo(as_coord, c->id, {.overview = a.draft.sections.overview.en,
                                                              .details = a.draft.sections.description.en});
        !i) {
      return i.error();
    }
    for (const auto& [vendor, statement] : a.vendors) {
      if (auto v = s.coordination.AddVendor(as_coord, c->id, vendor, /*obvious=*/true, 0); !v) return v.error();
      if (auto d = s.coordination.ReleaseDetails(as_coord, c->id, vendor); !d) return d.error();
    }
    clock.Set(start + std::chrono::days(10));
    for (const auto& [vendor, statement] : a.vendors) {
      if (!statement) continue;
      if (auto f = s.coordination.FileStatementFor(as_coord, c->id, vendor, *statement); !f) return f.error();
    }
    clock.Set(start + std::chrono::days(12));
    if (auto p = s.coordination.ProposeDate(as_coord, c->id, publish_at, "45-day target."); !p) return p.error();
    if (auto g = s.coordination.AgreeDate(as_coord, c->id); !g) return g.error();
    clock.Set(publish_at - std::chrono::days(5));
    auto draft = s.publication.Draft(as_coord, c->id);
    if (!draft) return draft.error();
    if (auto d = s.publication.SaveDraft(as_coord, c->id, a.draft); !d) return d;
    if (auto sh = s.publication.ShareForReview(as_coord, c->id); !sh) return sh;
    if (auto sc = s.publication.Schedule(as_coord, c->id); !sc) return sc;
    clock.Set(publish_at);
    auto n = s.publication.PublishDue();
    if (!n) return n.error();
    if (*n != 1) return Error::Internal("demo advisory was not published");
    if (k == 1) {
      // After publication a vendor updates its statement (G6-5): a dated history entry.
      clock.Set(publish_at + std::chrono::days(4));
      if (auto f = s.coordination.FileStatementFor(
              as_coord, c->id, more[3],
              {.status = domain::VendorStatus::kAffected, .statement = "Fixed in KN-200 firmware 2.0.8.",
               .advisory_url = "https://kita-net.example/security/kn200-2025", .fix_ready = true});
          !f) {
        return f.error();
      }
    }
    ++k;
  }
  return {};
}

}  // namespace

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
  if (auto published = LoadDemoAdvisories(base, now, {openwidget, sample_electric, vendor_ids[1]}); !published) {
    return published.error();
  }

  // Report 5 in the website track: the contact the shop publishes, the
  // notification (the ~3-month clock runs), the operator's account admitted
  // to the case, and its verification report.
  {
    auto rows = s.website.List(as_analyst);
    if (!rows) return rows.error();
    domain::CaseId web_case = 0;
    for (const auto& row : *rows) {
      if (row.w.report_id == r5->id) web_case = row.w.case_id;
    }
    if (web_case == 0) return Error::Internal("demo: the website case of report 5 is missing");
    const DemoLogin& op = logins[5];
    clock.Set(now - 20h);
    if (auto c = s.website.SetContact(as_analyst, web_case,
                                      {.name = "Example Shop 株式会社", .email = op.email, .phone = "+81-3-0000-0005",
                                       .source = domain::ContactSource::kPublished,
                                       .source_note = "https://shop.example.jp/company/contact"},
                                      "Example Shop");
        !c) {
      return c.error();
    }
    if (auto n = s.website.Notify(as_analyst, web_case, domain::NotifyChannel::kMail, ""); !n) return n.error();
    auto operator_user = s.accounts.AddUser(op.email, "Example Shop Webmaster", domain::Role::kWebsiteOperator,
                                            op.password, domain::Language::kJa);
    if (!operator_user) return operator_user.error();
    if (auto i = s.website.InviteOperator(as_analyst, web_case); !i) return i.error();
    clock.Set(now - 3h);
    if (auto v = s.website.ReportVerification(Actor{*operator_user}, web_case, domain::Verification::kConfirmed,
                                              "検索画面の SQL インジェクションを確認しました。修正版を準備しています。");
        !v) {
      return v.error();
    }
  }

  // One developer on the public unreachable-developer list (PROCESS §5): four
  // attempts by mail, bug tracker and social media over five weeks, no answer;
  // the coordinator confirmed "unreachable" a month ago.
  {
    FixedClock uclock(now - std::chrono::days(75));
    Context uctx{base.store, uclock, base.calendar, base.catalog, base.audit, base.config};
    Services us(uctx);
    const Actor as_lead{*coord};
    auto r = us.reports.Submit(as_finder, submission(domain::ReportKind::kSoftware,
                                                     "Path traversal in the PhotoShelf gallery plug-in", "PhotoShelf",
                                                     "1.8.2", "https://photoshelf.example/", domain::Language::kEn));
    if (!r) return r.error();
    auto c = us.triage.Accept(as_analyst, r->id, "");
    if (!c) return c.error();
    if (auto i = us.coordination.UpdateInfo(
            as_lead, c->id,
            {.overview = "A path traversal in a photo gallery plug-in.",
             .details = "The `album` parameter of PhotoShelf 1.8.2 is joined to the storage path unchecked: "
                        "GET /gallery?album=../../etc reads any file."});
        !i) {
      return i.error();
    }
    auto invited = us.coordination.AddUnregisteredVendor(as_lead, c->id, "PhotoShelf Project",
                                                         "author@photoshelf.example");
    if (!invited) return invited.error();
    auto view = us.coordination.View(as_lead, c->id);
    if (!view || view->vendors.empty()) return Error::Internal("demo: the PhotoShelf developer is missing");
    const std::int64_t developer = view->vendors.front().vendor.vendor_id;
    const struct {
      int day;
      domain::ContactChannel channel;
      const char* to;
      domain::ContactOutcome outcome;
      const char* note;
    } attempts[] = {
        {0, domain::ContactChannel::kMail, "author@photoshelf.example", domain::ContactOutcome::kBounced,
         "Returned: mailbox unavailable."},
        {7, domain::ContactChannel::kBugTracker, "https://photoshelf.example/issues", domain::ContactOutcome::kNoAnswer,
         "Asked for a security contact in a public issue (no details)."},
        {20, domain::ContactChannel::kSocialMedia, "@photoshelf_dev", domain::ContactOutcome::kNoAnswer,
         "Direct message."},
        {36, domain::ContactChannel::kMail, "info@photoshelf.example", domain::ContactOutcome::kNoAnswer,
         "Address from the project's README."},
    };
    for (const auto& a : attempts) {
      uclock.Set(now - std::chrono::days(75) + std::chrono::days(a.day) + 2h);
      auto id = us.unreachable.RecordAttempt(as_lead, c->id, developer,
                                             {.channel = a.channel, .at = uclock.Now(), .recipient = a.to,
                                              .outcome = a.outcome, .note = a.note});
      if (!id) return id.error();
    }
    uclock.Set(now - std::chrono::days(30));
    auto listed = us.unreachable.Confirm(as_lead, c->id, developer,
                                         {.public_name = "PhotoShelf Project",
                                          .related_url = "https://photoshelf.example/",
                                          .remarks_ja = "写真ギャラリー用プラグインの開発者",
                                          .remarks_en = "The developer of a photo gallery plug-in"});
    if (!listed) return listed.error();
  }
  return logins;
}

}  // namespace cvdhub::app
