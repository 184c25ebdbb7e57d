#include "cli/mail_cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/security.hpp"
#include "mail/mime.hpp"
#include "store/mail_store.hpp"

namespace cvdhub::cli {
namespace {

namespace fs = std::filesystem;

constexpr int kExitTempFail = 75;  // EX_TEMPFAIL: the MTA keeps the message and retries

int Fail(const Error& e, int code = 1) {
  std::cerr << "error: " << (e.field.empty() ? "" : e.field + ": ") << e.message << "\n";
  if (!e.internal.empty()) std::cerr << "  (" << e.internal << ")\n";
  return code;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Invalid("file", "cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "<inbound id>\t<disposition>\t<reference>\t<detail>[\t(already received)]"
void PrintIngest(const app::IngestResult& r) {
  std::cout << r.inbound_id << '\t' << store::InboundDispositionName(r.disposition) << '\t' << r.reference << '\t'
            << r.detail << (r.duplicate ? "\t(already received)" : "") << '\n';
}

int Fetch(const std::string& maildir, app::Services& services) {
  const fs::path dir(maildir);
  std::error_code ec;
  if (!fs::is_directory(dir / "new", ec)) {
    return Fail(Error::Invalid("maildir", maildir + " is not a Maildir (no new/ folder)"));
  }
  fs::create_directories(dir / "cur", ec);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir / "new", ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // Maildir names start with the delivery time
  int done = 0;
  for (const auto& f : files) {
    auto raw = ReadWholeFile(f.string());
    if (!raw) continue;  // taken by another fetcher meanwhile
    auto r = services.mail.Ingest(*raw);
    if (!r) return Fail(r.error(), kExitTempFail);  // stays in new/ for the next run
    PrintIngest(*r);
    fs::rename(f, dir / "cur" / (f.filename().string() + ":2,S"), ec);
    ++done;
  }
  std::cerr << done << " message(s) fetched from " << maildir << "\n";
  return 0;
}

}  // namespace

void AddMailOptions(CLI::App* cmd, MailOptions& o, bool smtp) {
  cmd->add_option("--mail-from", o.from, "Sender address of outgoing mail (bounces return here)")
      ->envname("CVDHUB_MAIL_FROM")
      ->capture_default_str();
  cmd->add_option("--mail-from-name", o.from_name, "Sender name of outgoing mail")
      ->envname("CVDHUB_MAIL_FROM_NAME")
      ->capture_default_str();
  cmd->add_option("--intake-address", o.intake_address,
                  "Mail to this address becomes a report (default: any mail that is not a reply)")
      ->envname("CVDHUB_INTAKE_ADDRESS");
  cmd->add_option("--public-url", o.public_url, "Base URL of the web interface, for links in mail")
      ->envname("CVDHUB_PUBLIC_URL");
  cmd->add_flag("--mail-sign,!--no-mail-sign", o.sign, "Sign outgoing mail with the coordinator's OpenPGP key")
      ->capture_default_str();
  if (!smtp) return;
  cmd->add_option("--smtp", o.smtp_url, "SMTP server, smtp://host:port or smtps://host:port (none: mail stays queued)")
      ->envname("CVDHUB_SMTP");
  cmd->add_option("--smtp-user", o.smtp_user, "SMTP AUTH user")->envname("CVDHUB_SMTP_USER");
  cmd->add_option("--smtp-password-file", o.smtp_password_file, "File holding the SMTP AUTH password")
      ->envname("CVDHUB_SMTP_PASSWORD_FILE");
  cmd->add_option("--smtp-tls", o.smtp_tls, "STARTTLS: none, try or required (smtps:// is always TLS)")
      ->envname("CVDHUB_SMTP_TLS")
      ->capture_default_str();
  cmd->add_option("--smtp-ca", o.smtp_ca, "CA bundle to verify the SMTP server with")->envname("CVDHUB_SMTP_CA");
  cmd->add_option("--smtp-timeout", o.smtp_timeout, "Seconds one SMTP transaction may take")
      ->envname("CVDHUB_SMTP_TIMEOUT")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--mail-retry-base", o.retry_base, "Seconds before the first retry (doubled per attempt)")
      ->envname("CVDHUB_MAIL_RETRY_BASE")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--mail-retry-max", o.retry_max, "Longest retry delay in seconds")
      ->envname("CVDHUB_MAIL_RETRY_MAX")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--mail-poll-ms", o.poll_ms, "Milliseconds between delivery passes")
      ->envname("CVDHUB_MAIL_POLL_MS")
      ->capture_default_str()
      ->check(CLI::Range(50, 3600000));
}

MailCommands AddMailCommands(CLI::App& cli, std::string& data_dir, MailOptions& o) {
  MailCommands c;
  c.mail = cli.add_subcommand("mail", "Mail: ingest, fetch, deliver, keys");
  c.mail->require_subcommand(1);
  auto data = [&](CLI::App* cmd) {
    cmd->add_option("--data", data_dir, "Directory of the store")->capture_default_str();
  };
  c.ingest = c.mail->add_subcommand("ingest", "Store and route one RFC 5322 message read from standard input");
  data(c.ingest);
  AddMailOptions(c.ingest, o, false);
  c.fetch = c.mail->add_subcommand("fetch", "Ingest every new message of a Maildir (then moved to cur/)");
  c.fetch->add_option("--maildir", c.maildir, "The Maildir")->required();
  data(c.fetch);
  AddMailOptions(c.fetch, o, false);
  c.deliver = c.mail->add_subcommand("deliver", "Send the queued mail that is due, once");
  data(c.deliver);
  AddMailOptions(c.deliver, o, true);
  c.keygen = c.mail->add_subcommand("keygen", "Create the coordinator's OpenPGP key if absent; print its fingerprint");
  data(c.keygen);
  AddMailOptions(c.keygen, o, false);
  auto* key = c.mail->add_subcommand("key", "OpenPGP keys");
  key->require_subcommand(1);
  c.key_import = key->add_subcommand("import-secret", "Use an existing secret key as the coordinator's key");
  c.key_import->add_option("FILE", c.file, "Armored secret key")->required();
  data(c.key_import);
  AddMailOptions(c.key_import, o, false);
  c.key_set = key->add_subcommand("set", "Register a recipient's public key: mail to it is encrypted");
  c.key_set->add_option("--email", c.email, "The recipient's address")->required();
  c.key_set->add_option("FILE", c.file, "Armored public key")->required();
  data(c.key_set);
  c.notify = c.mail->add_subcommand("notify", "Queue a notification (as the process does)");
  data(c.notify);
  AddMailOptions(c.notify, o, false);
  c.notify->add_option("--to", c.notification.to_email, "Recipient address")->required();
  c.notify->add_option("--name", c.notification.to_name, "Recipient name");
  c.notify->add_option("--lang", c.lang, "ja or en")->capture_default_str();
  c.notify->add_option("--kind", c.notification.kind, "e.g. case.details_released")->required();
  c.notify->add_option("--subject", c.notification.subject, "Subject, without the identifier")->required();
  c.notify->add_option("--body-file", c.body_file, "File with the plain-text body (- for standard input)")->required();
  c.notify->add_option("--reference", c.notification.reference, "e.g. case:3:vendor:7")->required();
  c.notify->add_option("--identifier", c.notification.identifier, "e.g. JVN#12345678");
  c.notify->add_flag("--confidential", c.notification.confidential, "Never send unencrypted to a recipient with a key");
  c.status = c.mail->add_subcommand("status", "List outgoing mail and its delivery state");
  data(c.status);
  c.status->add_option("--reference", c.reference_filter, "Only mail about this reference");
  return c;
}

Status ApplyMailOptions(const MailOptions& o, const std::string& data_dir, app::Config& config) {
  auto& m = config.mail;
  m.from_address = o.from;
  m.from_name = o.from_name;
  m.intake_address = o.intake_address;
  m.public_url = o.public_url;
  m.sign = o.sign;
  m.key_dir = (fs::path(data_dir) / "pgp").string();
  m.retry_base = std::chrono::seconds(o.retry_base);
  m.retry_max = std::chrono::seconds(std::max(o.retry_base, o.retry_max));
  // A lease outlives the longest SMTP transaction, so two workers never send one message.
  m.lease = std::chrono::seconds(2 * o.smtp_timeout + 5);
  if (!mail::IsValidAddress(m.from_address)) return Error::Invalid("mail-from", "not a valid e-mail address");
  if (!m.intake_address.empty() && !mail::IsValidAddress(m.intake_address)) {
    return Error::Invalid("intake-address", "not a valid e-mail address");
  }
  return {};
}

Result<std::unique_ptr<app::MailDeliveryWorker>> StartMailWorker(const MailOptions& o, app::Context& ctx) {
  if (o.smtp_url.empty()) return std::unique_ptr<app::MailDeliveryWorker>();
  mail::SmtpSettings settings{.url = o.smtp_url, .username = o.smtp_user, .ca_file = o.smtp_ca,
                              .timeout = std::chrono::seconds(o.smtp_timeout)};
  auto tls = mail::ParseSmtpTls(o.smtp_tls);
  if (!tls) return tls.error();
  settings.tls = *tls;
  if (!o.smtp_password_file.empty()) {
    auto pw = ReadWholeFile(o.smtp_password_file);
    if (!pw) return Error::Invalid("smtp-password-file", "cannot read " + o.smtp_password_file);
    std::string password = std::move(*pw);
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    settings.password = std::move(password);
  }
  auto transport = mail::MakeCurlSmtp(settings);
  if (!transport) return transport.error();
  return std::make_unique<app::MailDeliveryWorker>(ctx, std::move(*transport), std::chrono::milliseconds(o.poll_ms));
}

int RunMailCommand(MailCommands& c, const MailOptions& o, app::Services& services) {
  // Standard output carries the commands' results (an MTA or a script reads them); logs go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("cvdhub-mail"));
  app::Context& ctx = services.ctx;
  if (*c.ingest) {
    std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    auto r = services.mail.Ingest(raw);
    if (!r) return Fail(r.error(), kExitTempFail);
    PrintIngest(*r);
    return 0;
  }
  if (*c.fetch) return Fetch(c.maildir, services);
  if (*c.deliver) {
    if (o.smtp_url.empty()) return Fail(Error::Invalid("smtp", "--smtp is required"));
    mail::SmtpSettings settings{.url = o.smtp_url, .username = o.smtp_user, .ca_file = o.smtp_ca,
                                .timeout = std::chrono::seconds(o.smtp_timeout)};
    auto tls = mail::ParseSmtpTls(o.smtp_tls);
    if (!tls) return Fail(tls.error());
    settings.tls = *tls;
    if (!o.smtp_password_file.empty()) {
      auto pw = ReadWholeFile(o.smtp_password_file);
      if (!pw) return Fail(pw.error());
      settings.password = *pw;
      while (!settings.password.empty() && (settings.password.back() == '\n' || settings.password.back() == '\r')) {
        settings.password.pop_back();
      }
    }
    auto transport = mail::MakeCurlSmtp(settings);
    if (!transport) return Fail(transport.error());
    app::MailDelivery delivery(ctx, **transport, "deliver-" + app::RandomToken(9));
    auto pass = delivery.RunOnce(1000);
    if (!pass) return Fail(pass.error());
    std::cout << "sent " << pass->sent << ", deferred " << pass->deferred << ", failed " << pass->failed
              << (pass->transport_down ? " (SMTP server unreachable)" : "") << "\n";
    return 0;
  }
  if (*c.keygen) {
    auto key = app::LoadCoordinatorKey(ctx.config, /*create=*/true);
    if (!key) return Fail(key.error());
    std::cout << key->fingerprint << "\n";
    return 0;
  }
  if (*c.key_import) {
    auto text = ReadWholeFile(c.file);
    if (!text) return Fail(text.error());
    auto key = app::ImportCoordinatorKey(ctx.config, *text);
    if (!key) return Fail(key.error());
    std::cout << key->fingerprint << "\n";
    return 0;
  }
  if (*c.key_set) {
    auto text = ReadWholeFile(c.file);
    if (!text) return Fail(text.error());
    auto st = ctx.store.Write([&](store::Tx& tx) { return app::SetRecipientKey(tx, ctx, c.email, *text); });
    if (!st) return Fail(st.error());
    std::cout << "key registered for " << c.email << "\n";
    return 0;
  }
  if (*c.notify) {
    std::string body;
    if (c.body_file == "-") {
      body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      auto text = ReadWholeFile(c.body_file);
      if (!text) return Fail(text.error());
      body = std::move(*text);
    }
    auto lang = domain::ParseLanguage(c.lang);
    if (!lang) return Fail(Error::Invalid("lang", "lang must be ja or en"));
    app::Notification n = c.notification;
    n.language = *lang;
    n.body = std::move(body);
    auto st = ctx.store.Write([&](store::Tx& tx) { return app::Notify(tx, ctx, n); });
    if (!st) return Fail(st.error());
    std::cout << "queued\n";
    return 0;
  }
  if (*c.status) {
    std::vector<app::DeliveryRecord> records;
    auto st = ctx.store.Read([&](store::Tx& tx) -> Status {
      auto list = app::DeliveriesFor(tx, c.reference_filter);
      if (!list) return list.error();
      records = std::move(*list);
      return {};
    });
    if (!st) return Fail(st.error());
    for (const auto& r : records) {
      std::cout << r.id << '\t' << r.status << '\t' << r.attempts << '\t' << r.to_email << '\t' << r.kind << '\t'
                << r.reference << (r.encrypted ? "\tencrypted" : "") << (r.last_error.empty() ? "" : "\t")
                << r.last_error << '\n';
    }
    return 0;
  }
  return 1;
}

}  // namespace cvdhub::cli
