// Sending one message to one recipient over SMTP with libcurl: plain SMTP,
// STARTTLS (required or opportunistic) or SMTPS, with optional AUTH.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace cvdhub::mail {

enum class SmtpTls {
  kNone,      // never STARTTLS (a loopback relay)
  kTry,       // STARTTLS when the server offers it
  kRequired,  // STARTTLS or fail (smtps:// URLs are TLS from the start)
};

struct SmtpSettings {
  // smtp://host:port or smtps://host:port; a path names the EHLO domain
  // (smtp://relay:25/cvd.example.org), libcurl's convention.
  std::string url;
  std::string username;
  std::string password;
  SmtpTls tls = SmtpTls::kTry;
  std::string ca_file;  // extra CA bundle; empty: the system's
  std::chrono::seconds timeout{60};
};

// What happened to one attempt.
struct SmtpOutcome {
  enum class Kind {
    kDelivered,  // the server took responsibility (250 after DATA)
    kTransient,  // try again later: connection trouble, 4xx
    kPermanent,  // do not retry: 5xx for this recipient or message
  };
  Kind kind = Kind::kTransient;
  int code = 0;         // the last SMTP reply code, 0 if none
  std::string detail;   // for the delivery record; never contains the message
};

// The transport the delivery worker uses; tests may substitute their own.
class SmtpTransport {
 public:
  virtual ~SmtpTransport() = default;
  // Sends `message` (CRLF line ends) from envelope sender `from` to `to`.
  virtual SmtpOutcome Send(std::string_view from, std::string_view to, std::string_view message) = 0;
};

// libcurl's SMTP. Checks the URL scheme; Invalid for anything else.
Result<std::unique_ptr<SmtpTransport>> MakeCurlSmtp(const SmtpSettings& settings);

// Initialises libcurl once (call before starting threads).
void InitCurl();

// Parses "none", "try", "required".
Result<SmtpTls> ParseSmtpTls(std::string_view name);

}  // namespace cvdhub::mail
