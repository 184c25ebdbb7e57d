// Building outgoing RFC 5322 / MIME messages: UTF-8 text with an HTML
// alternative, RFC 2047 headers, and the PGP/MIME wrappers of RFC 3156.
// Every line ends in CRLF and every body is 7-bit (base64 where needed), so
// a signed part reaches the recipient byte for byte as it was signed.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/report.hpp"
#include "domain/roles.hpp"

namespace cvdhub::mail {

struct Mailbox {
  std::string name;     // display name, UTF-8, may be empty
  std::string address;  // addr-spec
};

// A pragmatic addr-spec check: local@domain, printable ASCII, no spaces,
// quotes, angle brackets or control characters, a dot in the domain, at
// most 254 bytes. (Quoted local parts and IP literals are refused.)
bool IsValidAddress(std::string_view address);
// The part after '@', lower-cased; empty if none.
std::string DomainOf(std::string_view address);

// "Tue, 24 Nov 2026 10:05:00 +0000" (RFC 5322 date-time, UTC).
std::string FormatRfc5322Date(domain::Timestamp t);

// The header value as is when it is printable ASCII, otherwise RFC 2047
// base64 encoded-words in UTF-8 (each at most 75 characters, never splitting
// a UTF-8 sequence), separated by folding whitespace.
std::string EncodeHeaderText(std::string_view utf8);
// "Name <addr>" with the name quoted or encoded as needed; "addr" without a name.
std::string FormatMailbox(const Mailbox& m);

// Base64 in lines of 76 characters, each ending in CRLF.
std::string Base64Lines(std::string_view data);
// `text` with every line ending turned into CRLF.
std::string ToCrlf(std::string_view text);

// The HTML alternative of a plain-text body: escaped, paragraphs at blank
// lines, line breaks kept, http(s) links made clickable.
std::string TextToHtml(std::string_view text, domain::Language lang);

struct OutgoingMail {
  Mailbox from;
  Mailbox to;
  std::string subject;
  std::string message_id;               // "<…@…>"
  std::string in_reply_to;              // "<…>" or empty
  std::vector<std::string> references;  // "<…>" each
  domain::Timestamp date{};
  domain::Language language = domain::Language::kJa;
  std::string text;  // UTF-8 plain text
  std::vector<std::pair<std::string, std::string>> extra_headers;  // added to the top-level header block
};

// The body entity: multipart/alternative of text/plain and text/html
// (headers and body, CRLF). `boundary_token` makes the boundary unique.
// With `protected_headers`, the entity carries copies of Subject, From, To,
// Message-ID and Date (for encrypted mail: "protected headers").
std::string BuildBodyEntity(const OutgoingMail& m, std::string_view boundary_token, bool protected_headers);

// RFC 3156 §4 multipart/encrypted entity around an armored OpenPGP message.
std::string BuildEncryptedEntity(std::string_view armored_message, std::string_view boundary_token);

// RFC 3156 §5 multipart/signed entity: `signed_entity` exactly as signed,
// then the armored detached signature (micalg pgp-sha256).
std::string BuildSignedEntity(std::string_view signed_entity, std::string_view armored_signature,
                              std::string_view boundary_token);

// The whole message: the top-level headers of `m` (From, To, Subject, Date,
// Message-ID, In-Reply-To, References, MIME-Version, Auto-Submitted, extra
// headers) followed by `entity` (which brings its own Content-* headers).
std::string AssembleMessage(const OutgoingMail& m, std::string_view entity);

}  // namespace cvdhub::mail
