#include "cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/demo.hpp"
#include "app/mail_delivery.hpp"
#include "app/security.hpp"
#include "app/services.hpp"
#include "domain/cvss.hpp"
#include "formats/report_json.hpp"
#include "http/api.hpp"
#include "http/coordination_api.hpp"
#include "http/export_api.hpp"
#include "http/mail_api.hpp"
#include <charconv>

#include "http/publication_api.hpp"
#include "http/search_api.hpp"
#include "http/server.hpp"
#include "http/website_api.hpp"
#include "util/embedded.hpp"
#include "cli/import_cli.hpp"
#include "cli/mail_cli.hpp"
#include "cli/unreachable_options.hpp"
#include "app/test_clock.hpp"
#include "http/unreachable_api.hpp"
#include "web/unreachable_pages.hpp"
#include "web/mail_pages.hpp"
#include "web/case_pages.hpp"
#include "web/pages.hpp"
#include "web/portal_pages.hpp"
#include "web/search_pages.hpp"
#include "web/stats_pages.hpp"
#include "web/website_pages.hpp"

namespace cvdhub::cli {
namespace {

namespace fs = std::filesystem;

int Fail(const Error& e) {
  std::cerr << "error: " << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n";
  if (!e.internal.empty()) std::cerr << "  (" << e.internal << ")\n";
  return 1;
}

// A whole non-negative decimal number.
bool ParseInt(std::string_view text, std::int64_t& out) {
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && p == end && out >= 0;
}

Result<domain::BusinessCalendar> LoadCalendar() {
  auto text = embedded::Find("data/holiday_overrides.tsv");
  auto overrides = domain::ParseHolidayOverrides(text.value_or(""));
  if (!overrides) return overrides.error();
  return domain::BusinessCalendar(std::move(*overrides));
}

// Everything a store-touching command needs, opened from --data DIR.
struct Runtime {
  std::unique_ptr<store::Store> store;
  domain::BusinessCalendar calendar;
  app::SystemClock clock;
  std::unique_ptr<app::Clock> test_clock;  // serve --test-clock-file: for black-box tests only
  std::unique_ptr<app::AuditLog> audit;
  std::unique_ptr<app::Context> ctx;
  std::unique_ptr<app::Services> services;
};

Result<std::unique_ptr<Runtime>> OpenRuntime(const std::string& data_dir, const app::Config& config,
                                             const std::string& test_clock_file = "") {
  if (auto st = app::InitCrypto(); !st) return st.error();
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return Error::Invalid("data", "cannot create data directory " + data_dir + ": " + ec.message());
  auto store = store::OpenSqliteStore((fs::path(data_dir) / "cvdhub.sqlite3").string());
  if (!store) return store.error();
  auto cal = LoadCalendar();
  if (!cal) return cal.error();
  auto rt = std::make_unique<Runtime>(Runtime{.store = std::move(*store), .calendar = std::move(*cal)});
  if (!test_clock_file.empty()) {
    auto clock = app::FileClock::Open(test_clock_file);
    if (!clock) return clock.error();
    rt->test_clock = std::move(*clock);
  }
  rt->audit = std::make_unique<app::AuditLog>(*rt->store);
  const app::Clock& clock = rt->test_clock ? *rt->test_clock : static_cast<const app::Clock&>(rt->clock);
  rt->ctx = std::make_unique<app::Context>(
      app::Context{*rt->store, clock, rt->calendar, i18n::Catalog::Default(), *rt->audit, config});
  rt->services = std::make_unique<app::Services>(*rt->ctx);
  return rt;
}

// The actor the CLI acts as: the operator at the console, an intake analyst.
app::Actor ConsoleActor() {
  return app::Actor{domain::User{.id = 0, .display_name = "console", .role = domain::Role::kIntakeAnalyst}};
}

void PrintLogins(const std::vector<app::DemoLogin>& logins) {
  std::cout << "Demo logins (e-mail / password):\n";
  for (const auto& l : logins) std::cout << "  " << l.role << ": " << l.email << " / " << l.password << "\n";
  std::cout << std::flush;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App cli{"cvdhub: coordinated vulnerability disclosure, from report to advisory"};
  cli.require_subcommand(1);
  std::string data_dir = "./var";

  // serve
  auto* serve = cli.add_subcommand("serve", "Serve the web interface and the JSON API");
  std::string listen = "127.0.0.1:8080";
  bool demo = false;
  unsigned threads = 2;
  serve->add_option("--listen", listen, "HOST:PORT to listen on")->capture_default_str();
  serve->add_option("--data", data_dir, "Directory of the store (created if absent)")->capture_default_str();
  serve->add_flag("--demo", demo, "Load demo data into an empty store");
  serve->add_option("--threads", threads, "Server threads")->capture_default_str()->check(CLI::Range(1, 64));
  // The website track's clock (PROCESS §6): about three months from the notification.
  int website_fix_months = 3;
  int website_reminder_days = 14;
  serve->add_option("--website-fix-months", website_fix_months, "Months a website operator has to fix, from notification")
      ->envname("CVDHUB_WEBSITE_FIX_MONTHS")->capture_default_str()->check(CLI::Range(0, 24));
  serve->add_option("--website-reminder-days", website_reminder_days, "Days before the due date a website case is due soon")
      ->envname("CVDHUB_WEBSITE_REMINDER_DAYS")->capture_default_str()->check(CLI::Range(0, 365));
  MailOptions mail_options;
  AddMailOptions(serve, mail_options, /*smtp=*/true);
  UnreachableOptions unreachable_options;
  AddUnreachableOptions(serve, unreachable_options);
  std::string test_clock_file;
  serve->add_option("--test-clock-file", test_clock_file,
                    "FOR TESTS ONLY: read the time from FILE (one line, e.g. 2026-05-01T00:00:00Z) on every use");
  MailCommands mail_commands = AddMailCommands(cli, data_dir, mail_options);
  ImportCommands import_commands = AddImportCommands(cli, data_dir);

  // migrate
  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the store's schema");
  migrate->add_option("--data", data_dir, "Directory of the store")->capture_default_str();

  // user add
  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add an account (staff accounts are made this way)");
  std::string email, name, role_name = "intake_analyst", password, lang = "ja";
  bool password_stdin = false;
  user_add->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
  user_add->add_option("--email", email, "E-mail address (the log-in)")->required();
  user_add->add_option("--name", name, "Display name")->required();
  user_add->add_option("--role", role_name,
                       "finder, intake_analyst, coordinator, lead_coordinator, vendor, related_org, "
                       "critical_infra, committee, website_operator, admin")
      ->capture_default_str();
  user_add->add_option("--password", password, "Password (prefer --password-stdin)");
  user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");
  user_add->add_option("--lang", lang, "ja or en")->capture_default_str();

  // token create
  auto* token = cli.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token for an account and print it");
  std::string token_name = "cli";
  token_create->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
  token_create->add_option("--email", email, "The account's e-mail address")->required();
  token_create->add_option("--name", token_name, "A name for the token")->capture_default_str();

  // report submit
  auto* report = cli.add_subcommand("report", "Reports");
  report->require_subcommand(1);
  auto* report_submit = report->add_subcommand("submit", "Submit a report from a JSON file (as the console analyst)");
  std::string report_file;
  report_submit->add_option("FILE", report_file, "Report JSON (the API's format)")->required();
  report_submit->add_option("--data", data_dir, "Directory of the store")->capture_default_str();

  // calendar
  auto* calendar = cli.add_subcommand("calendar", "The Japanese business-day calendar");
  calendar->require_subcommand(1);
  auto* holidays = calendar->add_subcommand("holidays", "Print a year's national holidays: YYYY-MM-DD<TAB>name");
  int year = 0;
  bool english = false;
  holidays->add_option("YEAR", year, "Year")->required()->check(CLI::Range(1970, 2099));
  holidays->add_flag("--en", english, "English names");
  auto* add_days = calendar->add_subcommand("add-business-days", "Print the date N business days after DATE");
  std::string date_text;
  int n_days = 0;
  add_days->add_option("DATE", date_text, "YYYY-MM-DD")->required();
  add_days->add_option("N", n_days, "Number of business days")->required()->check(CLI::Range(0, 10000));

  // cvss
  auto* cvss = cli.add_subcommand("cvss", "Print the base score and severity of a CVSS v3.1 or v4.0 vector");
  std::string vector;
  cvss->add_option("VECTOR", vector, "e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->required();

  // cve
  auto* cve = cli.add_subcommand("cve", "The CNA block of CVE IDs handed out at publication");
  cve->require_subcommand(1);
  auto* cve_add = cve->add_subcommand("add-block", "Add reserved IDs: cvdhub cve add-block 2026 40000-40999");
  int cve_year = 0;
  std::string cve_range;
  cve_add->add_option("YEAR", cve_year, "The IDs' year")->required();
  cve_add->add_option("RANGE", cve_range, "FIRST-LAST, e.g. 40000-40999")->required();
  cve_add->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
  auto* cve_left = cve->add_subcommand("left", "Print how many IDs of the block are free");
  cve_left->add_option("--data", data_dir, "Directory of the store")->capture_default_str();

  // advisory publish-due (for a cron job when no server runs)
  auto* advisory = cli.add_subcommand("advisory", "Advisories");
  advisory->require_subcommand(1);
  auto* publish_due = advisory->add_subcommand("publish-due", "Publish every scheduled advisory whose moment has come");
  publish_due->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
  app::CnaConfig cna;
  for (auto* sub : {serve, publish_due}) {
    sub->add_option("--cna-org-id", cna.org_id, "The CNA's UUID at the CVE Program (CVE records)")
        ->capture_default_str();
    sub->add_option("--cna-short-name", cna.short_name, "The CNA's short name (CVE records)")->capture_default_str();
  }

  // routes
  auto* routes = cli.add_subcommand("routes", "List every HTTP route (method and pattern)");

  CLI11_PARSE(cli, argc, argv);

  if (*calendar) {
    auto cal = LoadCalendar();
    if (!cal) return Fail(cal.error());
    if (*holidays) {
      for (const auto& h : cal->Holidays(year)) {
        std::cout << domain::FormatDate(h.date) << '\t' << (english ? h.name_en : h.name_ja) << '\n';
      }
      return 0;
    }
    auto d = domain::ParseDate(date_text);
    if (!d) return Fail(d.error());
    std::cout << domain::FormatDate(cal->AddBusinessDays(*d, n_days)) << '\n';
    return 0;
  }

  if (*cvss) {
    auto score = domain::ScoreCvss(vector);
    if (!score) return Fail(score.error());
    std::cout << domain::FormatScore(*score) << '\n';
    return 0;
  }

  app::Config config;
  config.website = {.fix_months = website_fix_months, .reminder_before = std::chrono::days(website_reminder_days)};
  if (auto st = ApplyMailOptions(mail_options, data_dir, config); !st) return Fail(st.error());
  auto rt = OpenRuntime(data_dir, config, *serve ? test_clock_file : std::string());
  if (!rt) return Fail(rt.error());
  app::Services& services = *(*rt)->services;

  if (*mail_commands.mail) return RunMailCommand(mail_commands, mail_options, services);
  if (*import_commands.import) return RunImportCommand(import_commands, services);

  if (*migrate) {
    auto v = (*rt)->store->SchemaVersion();
    if (!v) return Fail(v.error());
    std::cout << "schema version " << *v << "\n";
    return 0;
  }

  if (*user_add) {
    auto role = domain::ParseRole(role_name);
    if (!role) return Fail(Error::Invalid("role", "unknown role '" + role_name + "'"));
    auto language = domain::ParseLanguage(lang);
    if (!language) return Fail(Error::Invalid("lang", "lang must be ja or en"));
    if (password_stdin) std::getline(std::cin, password);
    auto u = services.accounts.AddUser(email, name, *role, password, *language);
    if (!u) return Fail(u.error());
    std::cout << "added " << domain::RoleName(u->role) << " " << u->email << " (id " << u->id << ")\n";
    return 0;
  }

  if (*token_create) {
    store::StoredUser found;
    auto st = (*rt)->store->Read([&](store::Tx& tx) -> Status {
      auto u = tx.FindUserByEmail(email);
      if (!u) return u.error();
      found = std::move(*u);
      return {};
    });
    if (!st) return Fail(st.error());
    auto t = services.accounts.IssueApiToken(app::Actor{found.user}, token_name);
    if (!t) return Fail(t.error());
    std::cout << *t << "\n";
    return 0;
  }

  services.publication.set_cna(cna);
  {
    auto settings = UnreachableSettingsFrom(unreachable_options);
    if (!settings) return Fail(settings.error());
    services.unreachable.set_settings(std::move(*settings));
  }
  if (*cve_add) {
    std::int64_t first = 0, last = 0;
    const auto dash = cve_range.find('-');
    if (dash == std::string::npos || !ParseInt(cve_range.substr(0, dash), first) ||
        !ParseInt(cve_range.substr(dash + 1), last)) {
      return Fail(Error::Invalid("RANGE", "give the range as FIRST-LAST, e.g. 40000-40999"));
    }
    auto added = services.publication.AddCveBlock(cve_year, first, last);
    if (!added) return Fail(added.error());
    auto left = services.publication.CveIdsLeft();
    if (!left) return Fail(left.error());
    std::cout << "added " << *added << " IDs; " << *left << " free\n";
    return 0;
  }
  if (*cve_left) {
    auto left = services.publication.CveIdsLeft();
    if (!left) return Fail(left.error());
    std::cout << *left << "\n";
    return 0;
  }
  if (*publish_due) {
    auto n = services.publication.PublishDue();
    if (!n) return Fail(n.error());
    std::cout << "published " << *n << "\n";
    return 0;
  }

  if (*report_submit) {
    std::ifstream in(report_file, std::ios::binary);
    if (!in) return Fail(Error::Invalid("FILE", "cannot read " + report_file));
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto parsed = formats::ParseSubmissionJson(buffer.str());
    if (!parsed) return Fail(parsed.error());
    auto r = services.reports.Submit(ConsoleActor(), std::move(parsed->submission), parsed->attachments);
    if (!r) return Fail(r.error());
    std::cout << r->intake_number << "\tack by " << formats::IsoDate(r->ack_deadline) << "\n";
    return 0;
  }

  http::Router router;
  http::RegisterApi(router, services);
  http::RegisterCoordinationApi(router, services);
  http::RegisterExportApi(router, services);
  http::RegisterPublicationApi(router, services);
  http::RegisterSearchApi(router, services);
  http::RegisterMailApi(router, services);
  web::RegisterMailPages(router, services);
  web::RegisterPages(router, services);
  web::RegisterCasePages(router, services);
  web::RegisterPortalPages(router, services);
  web::RegisterSearchPages(router, services);
  http::RegisterWebsiteApi(router, services);
  web::RegisterWebsitePages(router, services);
  web::RegisterStatsPages(router, services);
  http::RegisterUnreachableApi(router, services);
  web::RegisterUnreachablePages(router, services);

  if (*routes) {
    for (const auto& r : router.routes()) std::cout << r.method << ' ' << r.pattern << '\n';
    return 0;
  }

  // serve
  auto where = http::ParseListen(listen);
  if (!where) return Fail(where.error());
  std::vector<app::DemoLogin> logins;
  if (demo) {
    auto loaded = app::LoadDemoData(*(*rt)->ctx);
    if (!loaded) return Fail(loaded.error());
    logins = loaded->empty() ? app::DemoLogins() : *loaded;
  }
  // Outgoing mail is delivered in the background; without SMTP it stays queued.
  auto mail_worker = StartMailWorker(mail_options, *(*rt)->ctx);
  if (!mail_worker) return Fail(mail_worker.error());
  // Scheduled advisories go public at their moment, exactly once.
  app::PublicationWorker publisher(services.publication);
  const http::ServerOptions options{.host = where->first, .port = where->second, .threads = threads};
  auto st = http::Serve(router, options, [&] {
    std::cout << "cvdhub serving " << data_dir << " on http://" << listen << "/" << std::endl;
    // The URL without any user:password@ part.
    std::string smtp = mail_options.smtp_url;
    if (const auto at = smtp.find('@'), scheme = smtp.find("://"); at != std::string::npos && scheme < at) {
      smtp.erase(scheme + 3, at - scheme - 2);
    }
    std::cout << (*mail_worker ? "mail: delivering through " + smtp
                               : std::string("mail: no SMTP server configured (--smtp); notifications stay queued"))
              << std::endl;
    if (demo) PrintLogins(logins);
  });
  mail_worker->reset();  // finishes the message in flight, if any
  if (!st) return Fail(st.error());
  (*rt)->audit->Flush();
  return 0;
}

}  // namespace cvdhub::cli
