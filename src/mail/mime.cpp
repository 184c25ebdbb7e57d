#include "mail/mime.hpp"

#include <date/date.h>

#include <algorithm>
#include <cctype>

namespace cvdhub::mail {
namespace {

constexpr char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8) |
                   static_cast<unsigned>(static_cast<unsigned char>(data[i + 2]));
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  if (i < data.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
    const bool two = i + 1 < data.size();
    if (two) n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += two ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray bytes).
std::size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}

// True when the text can travel as 7bit as it is: ASCII, short lines, no
// trailing white space and no line an MTA would rewrite ("From ").
bool SevenBitSafe(std::string_view text) {
  std::size_t line_start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      std::string_view line = text.substr(line_start, i - line_start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.size() > 76 || line.starts_with("From ")) return false;
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) return false;
      line_start = i + 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80 || (c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) return false;
  }
  return true;
}

// A text/* leaf part in UTF-8 (headers, blank line, body), CRLF throughout.
std::string TextPart(std::string_view subtype, std::string_view text) {
  std::string out = "Content-Type: text/" + std::string(subtype) + "; charset=utf-8\r\n";
  if (SevenBitSafe(text)) {
    out += "Content-Transfer-Encoding: 7bit\r\n\r\n";
    std::string body = ToCrlf(text);
    if (!body.ends_with("\r\n")) body += "\r\n";
    out += body;
  } else {
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(ToCrlf(text));  // text line breaks are CRLF in canonical form (RFC 2046 §4.1.1)
  }
  return out;
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// One line of text as HTML: escaped, with http(s) URLs as links.
std::string LineToHtml(std::string_view line) {
  std::string out;
  std::size_t pos = 0;
  while (pos < line.size()) {
    const std::size_t http = std::min(line.find("http://", pos), line.find("https://", pos));
    if (http == std::string_view::npos) break;
    std::size_t end = http;
    while (end < line.size() && !std::isspace(static_cast<unsigned char>(line[end])) && line[end] != '<' &&
           line[end] != '>' && line[end] != '"' && line[end] != '\'' &&
           static_cast<unsigned char>(line[end]) < 0x80) {
      ++end;
    }
    // Trailing punctuation belongs to the sentence, not the link.
    while (end > http && std::string_view(".,);:!?").find(line[end - 1]) != std::string_view::npos) --end;
    out += HtmlEscape(line.substr(pos, http - pos));
    const std::string url = HtmlEscape(line.substr(http, end - http));
    out += "<a href=\"" + url + "\">" + url + "</a>";
    pos = end;
  }
  out += HtmlEscape(line.substr(pos));
  return out;
}

std::string Boundary(std::string_view kind, std::string_view token) {
  return "=_cvdhub_" + std::string(kind) + "_" + std::string(token);
}

}  // namespace

bool IsValidAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const std::size_t at = address.rfind('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= address.size() || at > 64) return false;
  if (address.find('@') != at) return false;
  for (char c : address) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
    if (std::string_view("\"(),:;<>[\\]").find(c) != std::string_view::npos) return false;
  }
  const std::string_view local = address.substr(0, at);
  const std::string_view domain = address.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(domain.begin(), domain.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

std::string DomainOf(std::string_view address) {
  const std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string d(address.substr(at + 1));
  std::transform(d.begin(), d.end(), d.begin(), [](unsigned char c) { return std::tolower(c); });
  return d;
}

std::string FormatRfc5322Date(domain::Timestamp t) {
  // date::format with %a/%b uses the C locale's English names.
  return date::format("%a, %d %b %Y %H:%M:%S +0000", t);
}

std::string EncodeHeaderText(std::string_view utf8) {
  if (IsPrintableAscii(utf8)) return std::string(utf8);
  // 45 bytes become 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" is 72 ≤ 75.
  constexpr std::size_t kChunk = 45;
  std::string out;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    std::size_t end = pos;
    while (end < utf8.size()) {
      const std::size_t len = Utf8Length(static_cast<unsigned char>(utf8[end]));
      if (end + len - pos > kChunk) break;
      end += len;
    }
    if (end == pos) end = std::min(utf8.size(), pos + kChunk);  // a stray byte sequence
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(utf8.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string FormatMailbox(const Mailbox& m) {
  if (m.name.empty()) return m.address;
  const bool atoms = std::all_of(m.name.begin(), m.name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' ||
           std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
  });
  if (atoms && IsPrintableAscii(m.name)) return m.name + " <" + m.address + ">";
  if (IsPrintableAscii(m.name)) {
    std::string quoted = "\"";
    for (char c : m.name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\" <" + m.address + ">";
  }
  return EncodeHeaderText(m.name) + " <" + m.address + ">";
}

std::string Base64Lines(std::string_view data) {
  const std::string encoded = Base64(data);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out.append(encoded, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string ToCrlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 40);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string TextToHtml(std::string_view text, domain::Language lang) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(domain::LanguageCode(lang)) +
                    "\"><head><meta charset=\"utf-8\"></head>\n<body>\n";
  // Normalise line ends, then split paragraphs at blank lines.
  std::string normal;
  normal.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      normal += '\n';
    } else {
      normal += text[i];
    }
  }
  std::size_t pos = 0;
  while (pos < normal.size()) {
    std::size_t end = normal.find("\n\n", pos);
    if (end == std::string::npos) end = normal.size();
    std::string_view para(normal.data() + pos, end - pos);
    while (!para.empty() && para.front() == '\n') para.remove_prefix(1);
    if (!para.empty()) {
      out += "<p>";
      std::size_t line_start = 0;
      while (true) {
        const std::size_t nl = para.find('\n', line_start);
        out += LineToHtml(para.substr(line_start, nl == std::string_view::npos ? nl : nl - line_start));
        if (nl == std::string_view::npos) break;
        out += "<br>\n";
        line_start = nl + 1;
      }
      out += "</p>\n";
    }
    pos = end + 2;
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string BuildBodyEntity(const OutgoingMail& m, std::string_view boundary_token, bool protected_headers) {
  const std::string b = Boundary("alt", boundary_token);
  std::string out;
  if (protected_headers) {
    out += "Content-Type: multipart/alternative; boundary=\"" + b + "\"; protected-headers=\"v1\"\r\n";
    out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
    out += "From: " + FormatMailbox(m.from) + "\r\n";
    out += "To: " + FormatMailbox(m.to) + "\r\n";
    out += "Message-ID: " + m.message_id + "\r\n";
    out += "Date: " + FormatRfc5322Date(m.date) + "\r\n";
  } else {
    out += "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n";
  }
  out += "\r\n";
  out += "--" + b + "\r\n";
  out += TextPart("plain", m.text);
  out += "--" + b + "\r\n";
  out += TextPart("html", TextToHtml(m.text, m.language));
  out += "--" + b + "--\r\n";
  return out;
}

std::string BuildEncryptedEntity(std::string_view armored_message, std::string_view boundary_token) {
  const std::string b = Boundary("enc", boundary_token);
  std::string out;
  out += "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=\"" + b + "\"\r\n";
  out += "\r\n";
  out += "This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n";
  out += "--" + b + "\r\n";
  out += "Content-Type: application/pgp-encrypted\r\n";
  out += "Content-Description: PGP/MIME version identification\r\n\r\n";
  out += "Version: 1\r\n\r\n";
  out += "--" + b + "\r\n";
  out += "Content-Type: application/octet-stream; name=\"encrypted.asc\"\r\n";
  out += "Content-Description: OpenPGP encrypted message\r\n";
  out += "Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\r\n";
  std::string body = ToCrlf(armored_message);
  if (!body.ends_with("\r\n")) body += "\r\n";
  out += body;
  out += "\r\n--" + b + "--\r\n";
  return out;
}

std::string BuildSignedEntity(std::string_view signed_entity, std::string_view armored_signature,
                              std::string_view boundary_token) {
  const std::string b = Boundary("sig", boundary_token);
  std::string out;
  out += "Content-Type: multipart/signed; micalg=pgp-sha256; protocol=\"application/pgp-signature\"; boundary=\"" +
         b + "\"\r\n";
  out += "\r\n";
  out += "This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n";
  out += "--" + b + "\r\n";
  out += signed_entity;
  // The CRLF before a delimiter belongs to the delimiter: the part is exactly `signed_entity`.
  out += "\r\n--" + b + "\r\n";
  out += "Content-Type: application/pgp-signature; name=\"signature.asc\"\r\n";
  out += "Content-Description: OpenPGP digital signature\r\n";
  out += "Content-Disposition: attachment; filename=\"signature.asc\"\r\n\r\n";
  std::string sig = ToCrlf(armored_signature);
  if (!sig.ends_with("\r\n")) sig += "\r\n";
  out += sig;
  out += "\r\n--" + b + "--\r\n";
  return out;
}

std::string AssembleMessage(const OutgoingMail& m, std::string_view entity) {
  std::string out;
  out += "Date: " + FormatRfc5322Date(m.date) + "\r\n";
  out += "From: " + FormatMailbox(m.from) + "\r\n";
  out += "To: " + FormatMailbox(m.to) + "\r\n";
  out += "Subject: " + EncodeHeaderText(m.subject) + "\r\n";
  out += "Message-ID: " + m.message_id + "\r\n";
  if (!m.in_reply_to.empty()) out += "In-Reply-To: " + m.in_reply_to + "\r\n";
  if (!m.references.empty()) {
    // Folded: every id after the first on a continuation line.
    out += "References: " + m.references.front();
    for (std::size_t i = 1; i < m.references.size(); ++i) out += "\r\n " + m.references[i];
    out += "\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Language: " + std::string(domain::LanguageCode(m.language)) + "\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  for (const auto& [name, value] : m.extra_headers) out += name + ": " + value + "\r\n";
  out += entity;
  return out;
}

}  // namespace cvdhub::mail
