// The mail part of the command line: the options shared by `serve` and the
// `mail …` commands (sender, intake address, SMTP), and the commands
// themselves: ingest (an MTA pipe), fetch (a Maildir), deliver (one pass),
// keygen, key import/set, notify, status.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "app/mail_delivery.hpp"
#include "app/services.hpp"
#include "mail/smtp.hpp"

namespace cvdhub::cli {

struct MailOptions {
  std::string from = "cvd@cvdhub.invalid";
  std::string from_name = "cvdhub";
  std::string intake_address;
  std::string public_url;
  bool sign = true;
  std::string smtp_url;  // empty: mail stays queued
  std::string smtp_user;
  std::string smtp_password_file;
  std::string smtp_tls = "try";
  std::string smtp_ca;
  int smtp_timeout = 60;
  int retry_base = 60;
  int retry_max = 3600;
  int poll_ms = 1000;
};

struct MailCommands {
  CLI::App* mail = nullptr;
  CLI::App* ingest = nullptr;
  CLI::App* fetch = nullptr;
  CLI::App* deliver = nullptr;
  CLI::App* keygen = nullptr;
  CLI::App* key_import = nullptr;
  CLI::App* key_set = nullptr;
  CLI::App* notify = nullptr;
  CLI::App* status = nullptr;
  std::string maildir;
  std::string file;
  std::string email;
  app::Notification notification;
  std::string lang = "ja";
  std::string body_file;
  std::string reference_filter;
};

// Adds the mail options to `cmd`; `smtp` adds the SMTP ones too. Each also
// reads an environment variable (CVDHUB_SMTP, CVDHUB_MAIL_FROM, …).
void AddMailOptions(CLI::App* cmd, MailOptions& o, bool smtp);

// Adds `mail …` with its subcommands, all taking --data into `data_dir`.
MailCommands AddMailCommands(CLI::App& cli, std::string& data_dir, MailOptions& o);

// Puts the options into the configuration; the coordinator's key lives in DATA/pgp.
Status ApplyMailOptions(const MailOptions& o, const std::string& data_dir, app::Config& config);

// Runs the chosen `mail …` command; returns the process exit code
// (75, EX_TEMPFAIL, when the store failed so that an MTA retries).
int RunMailCommand(MailCommands& cmds, const MailOptions& o, app::Services& services);

// The delivery worker for `serve`, or nullptr when no SMTP server is configured.
Result<std::unique_ptr<app::MailDeliveryWorker>> StartMailWorker(const MailOptions& o, app::Context& ctx);

}  // namespace cvdhub::cli
