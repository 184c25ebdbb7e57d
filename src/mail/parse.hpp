// Parsing one incoming RFC 5322 message with GMime into what cvdhub needs:
// who sent it, what it answers, its text in UTF-8 (any charset, any transfer
// encoding), its attachments, its OpenPGP state (PGP/MIME and inline PGP,
// decrypted with the coordinator's key, signatures checked) and, for a
// delivery status notification, which of our messages bounced.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "mail/mime.hpp"
#include "mail/openpgp.hpp"

namespace cvdhub::mail {

struct MailAttachment {
  std::string filename;  // safe: no path, no control characters, ≤ 255 bytes
  std::string content_type;
  std::string bytes;
};

// A delivery status notification (RFC 3464) about one recipient.
struct DeliveryReport {
  std::string original_message_id;  // "<…>" of the message that bounced, if returned
  std::string recipient;            // Final-Recipient address
  std::string action;               // failed, delayed, delivered, relayed, expanded
  std::string status;               // e.g. 5.1.1
  std::string diagnostic;           // e.g. "smtp; 550 5.1.1 user unknown"
};

struct ParsedMail {
  std::string message_id;                // "<…>", empty when missing
  std::vector<std::string> in_reply_to;  // "<…>" each
  std::vector<std::string> references;
  Mailbox from;
  std::vector<std::string> recipients;   // To, Cc, Delivered-To, X-Original-To, Envelope-To (addresses)
  std::string subject;                   // UTF-8
  std::string text;                      // the readable body, UTF-8
  std::vector<MailAttachment> attachments;
  bool encrypted = false;                // PGP/MIME or inline PGP encryption was found
  bool decrypted = false;                // … and it was decrypted
  std::string decrypt_error;             // why it could not be, if not
  SignatureCheck signature;              // the best signature found
  std::optional<DeliveryReport> delivery_report;
  std::string auto_submitted;            // Auto-Submitted header, lower-case ("" when absent)
  std::string precedence;                // Precedence header, lower-case
  bool from_mailer_daemon = false;       // a bounce by its sender (MAILER-DAEMON, postmaster, empty Return-Path)
  std::vector<std::string> problems;     // what was repaired: charsets, encodings, malformed parts
};

struct ParseOptions {
  std::string secret_key;  // the coordinator's armored secret key; empty: nothing is decrypted
  // The armored public keys to check signatures by a sender against.
  std::function<std::vector<std::string>(const std::string& from_address)> keys_for_sender;
  std::size_t max_parts = 500;  // more MIME parts than this is refused
  int max_depth = 20;           // deeper nesting than this is refused
};

// Parses `raw`. Invalid (with a reason a person can act on) when it is not
// an RFC 5322 message at all: empty, no header section, or none of the
// headers a message has (From, To, Subject, Date, Message-ID). A message
// whose MIME is broken is parsed as far as possible and the repairs are
// listed in `problems`; it is never an error.
Result<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options);

// Initialises GMime once (thread-safe); ParseMail calls it.
void InitGmime();

// The "<…>" ids in a Message-ID, In-Reply-To or References header value.
std::vector<std::string> ExtractMessageIds(std::string_view value);

// Parses the fields of a message/delivery-status body. nullopt when it names no recipient.
std::optional<DeliveryReport> ParseDeliveryStatus(std::string_view body);

// Plain text of an HTML body: tags dropped, scripts and styles removed,
// block ends as line breaks, common entities decoded.
std::string HtmlToText(std::string_view html);

// A file name made safe to store: the last path segment, without control
// characters, at most 255 bytes; `fallback` when nothing is left.
std::string SafeFilename(std::string_view name, std::string_view fallback);

}  // namespace cvdhub::mail
