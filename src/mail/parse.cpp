#include "mail/parse.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <memory>
#include <mutex>

#include "domain/report.hpp"
#include "mail/charset.hpp"

namespace cvdhub::mail {
namespace {

struct GObjectUnref {
  void operator()(void* p) const {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct OptionsFree {
  void operator()(GMimeParserOptions* p) const { g_mime_parser_options_free(p); }
};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// True when `raw` starts with a header section (after an optional mbox "From " line).
bool StartsWithHeaders(std::string_view raw) {
  if (raw.starts_with("From ")) {
    const std::size_t nl = raw.find('\n');
    if (nl == std::string_view::npos) return false;
    raw.remove_prefix(nl + 1);
  }
  const std::size_t colon = raw.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 200) return false;
  return std::all_of(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](char c) { return c > 0x20 && c < 0x7f; });
}

// Every raw value of the headers called `name`, in order.
std::vector<std::string> RawHeaders(GMimeObject* obj, std::string_view name) {
  std::vector<std::string> out;
  GMimeHeaderList* list = g_mime_object_get_header_list(obj);
  if (list == nullptr) return out;
  const int count = g_mime_header_list_get_count(list);
  for (int i = 0; i < count; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    if (h == nullptr) continue;
    const char* hname = g_mime_header_get_name(h);
    if (hname == nullptr || !IEquals(hname, name)) continue;
    const char* raw = g_mime_header_get_raw_value(h);
    out.emplace_back(raw != nullptr ? raw : "");
  }
  return out;
}

std::string FirstRawHeader(GMimeObject* obj, std::string_view name) {
  auto all = RawHeaders(obj, name);
  return all.empty() ? std::string() : all.front();
}

// The decoded content of a leaf part (transfer encoding undone, charset not).
std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  if (wrapper == nullptr) return {};
  GPtr<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(wrapper, mem.get()) < 0) return {};
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
  if (bytes == nullptr || bytes->data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string ObjectToString(GMimeObject* obj) {
  char* s = g_mime_object_to_string(obj, nullptr);
  if (s == nullptr) return {};
  std::string out(s);
  g_free(s);
  return out;
}

// Addresses of a raw address-list header (groups flattened).
void CollectAddresses(InternetAddressList* list, std::vector<Mailbox>* out) {
  if (list == nullptr) return;
  const int n = internet_address_list_length(list);
  for (int i = 0; i < n; ++i) {
    InternetAddress* ia = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
      const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
      const char* name = internet_address_get_name(ia);
      out->push_back({name != nullptr ? SanitizeUtf8(name) : std::string(), addr != nullptr ? addr : ""});
    } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
      CollectAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out);
    }
  }
}

std::vector<Mailbox> ParseAddresses(GMimeParserOptions* options, const std::string& raw) {
  std::vector<Mailbox> out;
  if (Trim(raw).empty()) return out;
  GPtr<InternetAddressList> list(internet_address_list_parse(options, raw.c_str()));
  CollectAddresses(list.get(), &out);
  return out;
}

// The display name of a single-mailbox header decoded by our RFC 2047
// decoder (which knows Japanese charsets better than a generic one).
std::string DisplayName(std::string_view raw, std::string_view address) {
  std::string decoded = DecodeHeader(raw);
  if (const std::size_t lt = decoded.rfind('<'); lt != std::string::npos && decoded.find('>', lt) != std::string::npos) {
    decoded.resize(lt);
  } else if (!address.empty() && decoded.find(address) != std::string::npos) {
    decoded.erase(decoded.find(address), address.size());
  }
  std::string name = Trim(decoded);
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  if (name.size() >= 2 && name.front() == '(' && name.back() == ')') name = name.substr(1, name.size() - 2);
  std::string unescaped;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 1 < name.size()) ++i;
    unescaped += name[i];
  }
  return Trim(unescaped);
}

// The Message-ID in a text/rfc822-headers body or a returned message.
std::string MessageIdInHeaders(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.size() > 11 && IEquals(line.substr(0, 11), "message-id:")) {
      std::string value(line.substr(11));
      // Folded onto the next line(s)?
      std::size_t next = end + 1;
      while (next < text.size() && (text[next] == ' ' || text[next] == '\t')) {
        std::size_t e = text.find('\n', next);
        if (e == std::string_view::npos) e = text.size();
        value += text.substr(next, e - next);
        next = e + 1;
      }
      auto ids = ExtractMessageIds(value);
      if (!ids.empty()) return ids.front();
    }
    if (Trim(line).empty()) break;  // end of the header section
    pos = end + 1;
  }
  return {};
}

// The text between the first "--boundary" line and the next delimiter in
// `source`: the exact bytes a multipart/signed part was signed over.
std::optional<std::string> SignedBytes(std::string_view source, std::string_view boundary) {
  if (boundary.empty()) return std::nullopt;
  const std::string delim = "--" + std::string(boundary);
  std::size_t start = source.find(delim);
  while (start != std::string_view::npos && start > 0 && source[start - 1] != '\n') {
    start = source.find(delim, start + 1);
  }
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t line_end = source.find('\n', start);
  if (line_end == std::string_view::npos) return std::nullopt;
  const std::size_t body = line_end + 1;
  std::size_t next = source.find("\n" + delim, body);
  if (next == std::string_view::npos) return std::nullopt;
  std::size_t stop = next;  // the line break before the delimiter belongs to it
  if (stop > body && source[stop - 1] == '\r') --stop;
  return ToCrlf(source.substr(body, stop - body));
}

int SignatureRank(SignatureState s) {
  switch (s) {
    case SignatureState::kValid: return 5;
    case SignatureState::kInvalid: return 4;
    case SignatureState::kUnknownKey: return 3;
    case SignatureState::kExpired: return 2;
    case SignatureState::kError: return 1;
    case SignatureState::kNone: return 0;
  }
  return 0;
}

class Walker {
 public:
  Walker(const ParseOptions& options, ParsedMail& out, GMimeParserOptions* gopts)
      : options_(options), out_(out), gopts_(gopts) {}

  void Walk(GMimeObject* obj, std::string_view source, int depth);

  // The readable text: plain parts, or HTML converted when there are none;
  // line breaks as "\n".
  std::string Text() const {
    std::string out;
    const auto& parts = texts_.empty() ? htmls_ : texts_;
    for (const auto& t : parts) {
      if (!out.empty()) out += "\n\n";
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\r') {
          if (i + 1 < t.size() && t[i + 1] == '\n') continue;
          out += '\n';
          continue;
        }
        out += t[i];
      }
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

 private:
  const std::vector<std::string>& VerifyKeys() {
    if (!keys_loaded_) {
      keys_loaded_ = true;
      if (options_.keys_for_sender && !out_.from.address.empty()) keys_ = options_.keys_for_sender(out_.from.address);
    }
    return keys_;
  }
  void Merge(const SignatureCheck& check) {
    if (SignatureRank(check.state) > SignatureRank(out_.signature.state)) out_.signature = check;
  }
  void Problem(std::string p) {
    if (out_.problems.size() < 50) out_.problems.push_back(std::move(p));
  }
  void WalkEncrypted(GMimeMultipart* mp, int depth);
  void WalkSigned(GMimeMultipart* mp, std::string_view source, int depth);
  void WalkAlternative(GMimeMultipart* mp, std::string_view source, int depth);
  void WalkLeaf(GMimePart* part, int depth);
  void WalkMessagePart(GMimeMessagePart* mp, int depth);
  std::string InlinePgp(std::string bytes);
  void AddAttachment(std::string filename, std::string content_type, std::string bytes);

  const ParseOptions& options_;
  ParsedMail& out_;
  GMimeParserOptions* gopts_;
  bool keys_loaded_ = false;
  std::vector<std::string> keys_;
  std::size_t parts_ = 0;
  std::vector<std::string> texts_;
  std::vector<std::string> htmls_;
  std::deque<std::string> sources_;  // decrypted plaintexts the tree points into
  bool in_report_ = false;
};

std::string ContentTypeOf(GMimeObject* obj) {
  GMimeContentType* ct = g_mime_object_get_content_type(obj);
  if (ct == nullptr) return "application/octet-stream";
  const char* type = g_mime_content_type_get_media_type(ct);
  const char* sub = g_mime_content_type_get_media_subtype(ct);
  return Lower(std::string(type != nullptr ? type : "application") + "/" + (sub != nullptr ? sub : "octet-stream"));
}

void Walker::Walk(GMimeObject* obj, std::string_view source, int depth) {
  if (obj == nullptr) return;
  if (depth > options_.max_depth) {
    Problem("MIME nesting deeper than " + std::to_string(options_.max_depth) + " levels was not read");
    return;
  }
  if (++parts_ > options_.max_parts) {
    if (parts_ == options_.max_parts + 1) Problem("more than " + std::to_string(options_.max_parts) + " MIME parts: the rest was not read");
    return;
  }
  if (GMIME_IS_MULTIPART_ENCRYPTED(obj)) {
    WalkEncrypted(GMIME_MULTIPART(obj), depth);
    return;
  }
  if (GMIME_IS_MULTIPART_SIGNED(obj)) {
    WalkSigned(GMIME_MULTIPART(obj), source, depth);
    return;
  }
  if (GMIME_IS_MULTIPART(obj)) {
    const std::string type = ContentTypeOf(obj);
    auto* mp = GMIME_MULTIPART(obj);
    if (type == "multipart/alternative") {
      WalkAlternative(mp, source, depth);
      return;
    }
    const bool report = type == "multipart/report";
    const bool was = in_report_;
    in_report_ = in_report_ || report;
    const int n = g_mime_multipart_get_count(mp);
    if (n == 0) Problem("a multipart part had no parts (broken boundary?)");
    for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(mp, i), source, depth + 1);
    in_report_ = was;
    return;
  }
  if (GMIME_IS_MESSAGE_PART(obj)) {
    WalkMessagePart(GMIME_MESSAGE_PART(obj), depth);
    return;
  }
  if (GMIME_IS_PART(obj)) {
    WalkLeaf(GMIME_PART(obj), depth);
    return;
  }
  Problem("a MIME part of an unknown kind was skipped");
}

void Walker::WalkAlternative(GMimeMultipart* mp, std::string_view source, int depth) {
  // Prefer the plain text; otherwise the richest (last) alternative.
  const int n = g_mime_multipart_get_count(mp);
  GMimeObject* chosen = nullptr;
  for (int i = 0; i < n; ++i) {
    GMimeObject* child = g_mime_multipart_get_part(mp, i);
    if (ContentTypeOf(child) == "text/plain") {
      chosen = child;
      break;
    }
  }
  if (chosen == nullptr && n > 0) chosen = g_mime_multipart_get_part(mp, n - 1);
  if (chosen == nullptr) {
    Problem("a multipart/alternative part had no parts");
    return;
  }
  Walk(chosen, source, depth + 1);
}

void Walker::WalkEncrypted(GMimeMultipart* mp, int depth) {
  out_.encrypted = true;
  if (g_mime_multipart_get_count(mp) < 2 || !GMIME_IS_PART(g_mime_multipart_get_part(mp, 1))) {
    out_.decrypt_error = "malformed PGP/MIME message: the encrypted part is missing";
    return;
  }
  std::string cipher = PartBytes(GMIME_PART(g_mime_multipart_get_part(mp, 1)));
  if (options_.secret_key.empty()) {
    out_.decrypt_error = "no coordinator key to decrypt with";
    AddAttachment("encrypted.asc", "application/pgp-encrypted", std::move(cipher));
    return;
  }
  auto d = DecryptAndVerify(cipher, options_.secret_key, VerifyKeys());
  if (!d) {
    out_.decrypt_error = d.error().message;
    AddAttachment("encrypted.asc", "application/pgp-encrypted", std::move(cipher));
    return;
  }
  out_.decrypted = true;
  Merge(d->signature);
  sources_.push_back(std::move(d->plaintext));
  const std::string& plain = sources_.back();
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(plain.data(), plain.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeObject> inner(g_mime_parser_construct_part(parser.get(), gopts_));
  if (inner == nullptr) {
    // Not a MIME entity: treat the plaintext as text.
    texts_.push_back(DecodeToUtf8(plain, "").text);
    return;
  }
  Walk(inner.get(), plain, depth + 1);
}

void Walker::WalkSigned(GMimeMultipart* mp, std::string_view source, int depth) {
  const int n = g_mime_multipart_get_count(mp);
  if (n < 1) {
    Problem("a multipart/signed part had no content");
    return;
  }
  GMimeObject* content = g_mime_multipart_get_part(mp, 0);
  const char* protocol = g_mime_object_get_content_type_parameter(GMIME_OBJECT(mp), "protocol");
  const bool pgp = protocol != nullptr && Lower(protocol).find("pgp") != std::string::npos;
  if (n >= 2 && pgp && GMIME_IS_PART(g_mime_multipart_get_part(mp, 1))) {
    const char* boundary = g_mime_object_get_content_type_parameter(GMIME_OBJECT(mp), "boundary");
    auto signed_bytes = SignedBytes(source, boundary != nullptr ? boundary : "");
    if (!signed_bytes) signed_bytes = ToCrlf(ObjectToString(content));
    const std::string signature = PartBytes(GMIME_PART(g_mime_multipart_get_part(mp, 1)));
    Merge(VerifyDetached(*signed_bytes, signature, VerifyKeys()));
  } else if (!pgp) {
    Problem("an S/MIME or unknown signature was not checked");
  }
  Walk(content, source, depth + 1);
}

void Walker::WalkMessagePart(GMimeMessagePart* mp, int depth) {
  GMimeMessage* inner = g_mime_message_part_get_message(mp);
  if (inner == nullptr) return;
  if (in_report_) {
    // The message that bounced: only its Message-ID matters.
    if (!out_.delivery_report) out_.delivery_report = DeliveryReport{};
    if (out_.delivery_report->original_message_id.empty()) {
      auto ids = ExtractMessageIds(FirstRawHeader(GMIME_OBJECT(inner), "Message-ID"));
      if (!ids.empty()) out_.delivery_report->original_message_id = ids.front();
    }
    return;
  }
  // A forwarded message: kept whole as an attachment.
  std::string subject = DecodeHeader(FirstRawHeader(GMIME_OBJECT(inner), "Subject"));
  AddAttachment(SafeFilename(subject.empty() ? "message" : subject, "message") + ".eml", "message/rfc822",
                ToCrlf(ObjectToString(GMIME_OBJECT(inner))));
  (void)depth;
}

void Walker::AddAttachment(std::string filename, std::string content_type, std::string bytes) {
  out_.attachments.push_back({std::move(filename), std::move(content_type), std::move(bytes)});
}

std::string Walker::InlinePgp(std::string bytes) {
  constexpr std::string_view kBeginMessage = "-----BEGIN PGP MESSAGE-----";
  constexpr std::string_view kEndMessage = "-----END PGP MESSAGE-----";
  constexpr std::string_view kBeginSigned = "-----BEGIN PGP SIGNED MESSAGE-----";
  constexpr std::string_view kEndSignature = "-----END PGP SIGNATURE-----";
  for (int guard = 0; guard < 20; ++guard) {
    const std::size_t enc = bytes.find(kBeginMessage);
    const std::size_t sig = bytes.find(kBeginSigned);
    if (enc == std::string::npos && sig == std::string::npos) break;
    if (enc != std::string::npos && (sig == std::string::npos || enc < sig)) {
      out_.encrypted = true;
      std::size_t end = bytes.find(kEndMessage, enc);
      if (end == std::string::npos) {
        out_.decrypt_error = "an inline PGP message is cut off";
        break;
      }
      end += kEndMessage.size();
      const std::string block = bytes.substr(enc, end - enc);
      if (options_.secret_key.empty()) {
        out_.decrypt_error = "no coordinator key to decrypt with";
        break;
      }
      auto d = DecryptAndVerify(block, options_.secret_key, VerifyKeys());
      if (!d) {
        out_.decrypt_error = d.error().message;
        break;
      }
      out_.decrypted = true;
      Merge(d->signature);
      bytes.replace(enc, end - enc, d->plaintext);
    } else {
      std::size_t end = bytes.find(kEndSignature, sig);
      if (end == std::string::npos) {
        Problem("an inline PGP signature is cut off");
        break;
      }
      end += kEndSignature.size();
      const std::string block = bytes.substr(sig, end - sig);
      auto d = VerifyCleartext(block, VerifyKeys());
      if (!d) {
        Problem("an inline PGP signed block could not be read");
        Merge({.state = SignatureState::kError, .detail = d.error().message});
        break;
      }
      Merge(d->signature);
      bytes.replace(sig, end - sig, d->plaintext);
    }
  }
  return bytes;
}

void Walker::WalkLeaf(GMimePart* part, int depth) {
  GMimeObject* obj = GMIME_OBJECT(part);
  const std::string type = ContentTypeOf(obj);
  GMimeContentDisposition* disp = g_mime_object_get_content_disposition(obj);
  const bool attachment_disposition = disp != nullptr && g_mime_content_disposition_is_attachment(disp);
  const char* raw_name = g_mime_part_get_filename(part);
  std::string filename;
  if (raw_name != nullptr) {
    filename = raw_name;
    if (filename.find("=?") != std::string::npos) filename = DecodeHeader(filename);
    filename = SanitizeUtf8(filename);
  }
  const char* charset_param = g_mime_object_get_content_type_parameter(obj, "charset");
  const std::string charset = charset_param != nullptr ? charset_param : "";
  std::string bytes = PartBytes(part);

  if (type == "message/delivery-status" || type == "message/global-delivery-status") {
    if (auto report = ParseDeliveryStatus(bytes)) {
      const std::string earlier = out_.delivery_report ? out_.delivery_report->original_message_id : "";
      out_.delivery_report = std::move(report);
      if (out_.delivery_report->original_message_id.empty()) out_.delivery_report->original_message_id = earlier;
    } else {
      Problem("a delivery status part named no recipient");
    }
    return;
  }
  if (type == "text/rfc822-headers" || (in_report_ && type == "message/rfc822-headers")) {
    if (!out_.delivery_report) out_.delivery_report = DeliveryReport{};
    if (out_.delivery_report->original_message_id.empty()) {
      out_.delivery_report->original_message_id = MessageIdInHeaders(bytes);
    }
    return;
  }
  if (type == "application/pgp-signature" || type == "application/pgp-keys") {
    if (type == "application/pgp-keys") AddAttachment(SafeFilename(filename, "key.asc"), type, std::move(bytes));
    return;
  }
  const bool is_text = type == "text/plain" || type == "text/html";
  if (is_text && !attachment_disposition && filename.empty()) {
    if (bytes.find("-----BEGIN PGP") != std::string::npos) bytes = InlinePgp(std::move(bytes));
    DecodedText d = DecodeToUtf8(bytes, charset);
    if (d.lossy) {
      Problem("some text could not be decoded from charset '" + (charset.empty() ? "unlabelled" : charset) +
              "' and was replaced by U+FFFD");
    }
    (type == "text/plain" ? texts_ : htmls_).push_back(type == "text/plain" ? d.text : HtmlToText(d.text));
    return;
  }
  // An encrypted body sent as a file (some clients do): decrypt it if we can.
  if (!is_text && bytes.starts_with("-----BEGIN PGP MESSAGE-----") && !options_.secret_key.empty()) {
    out_.encrypted = true;
    auto d = DecryptAndVerify(bytes, options_.secret_key, VerifyKeys());
    if (d) {
      out_.decrypted = true;
      Merge(d->signature);
      sources_.push_back(std::move(d->plaintext));
      const std::string& plain = sources_.back();
      if (StartsWithHeaders(plain) && Lower(plain.substr(0, 13)) == "content-type:") {
        GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(plain.data(), plain.size()));
        GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
        GPtr<GMimeObject> inner(g_mime_parser_construct_part(parser.get(), gopts_));
        if (inner != nullptr) {
          Walk(inner.get(), plain, depth + 1);
          return;
        }
      }
      texts_.push_back(DecodeToUtf8(plain, "").text);
      return;
    }
    out_.decrypt_error = d.error().message;
  }
  AddAttachment(SafeFilename(filename, "attachment-" + std::to_string(out_.attachments.size() + 1)), type,
                std::move(bytes));
}

GMimeParserOptions* NewParserOptions() {
  GMimeParserOptions* o = g_mime_parser_options_new();
  g_mime_parser_options_set_rfc2047_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(o, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_allow_addresses_without_domain(o, FALSE);
  static const char* kFallback[] = {"UTF-8", "CP932", "EUC-JP", "WINDOWS-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(o, kFallback);
  return o;
}

struct WarningSink {
  std::vector<std::string>* problems;
};

void OnWarning(gint64 /*offset*/, GMimeParserWarning code, const gchar* /*item*/, gpointer user_data) {
  auto* sink = static_cast<WarningSink*>(user_data);
  const char* what = nullptr;
  switch (code) {
    case GMIME_WARN_MALFORMED_MULTIPART: what = "a multipart part is malformed (missing or broken boundary)"; break;
    case GMIME_WARN_TRUNCATED_MESSAGE: what = "the message is truncated"; break;
    case GMIME_WARN_MALFORMED_MESSAGE: what = "the message is malformed"; break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY: what = "a multipart part has no boundary"; break;
    case GMIME_WARN_INVALID_CONTENT_TYPE: what = "a Content-Type header is invalid"; break;
    case GMIME_WARN_UNENCODED_8BIT_HEADER: what = "a header holds unencoded 8-bit text"; break;
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE: what = "a header holds an invalid RFC 2047 encoded word"; break;
    case GMIME_CRIT_NESTING_OVERFLOW: what = "MIME nesting is too deep"; break;
    case GMIME_CRIT_INVALID_HEADER_NAME: what = "a header name is invalid"; break;
    default: break;
  }
  if (what == nullptr || sink->problems->size() >= 50) return;
  if (std::find(sink->problems->begin(), sink->problems->end(), what) == sink->problems->end()) {
    sink->problems->emplace_back(what);
  }
}

}  // namespace

void InitGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::vector<std::string> ExtractMessageIds(std::string_view value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = value.find('<', pos)) != std::string_view::npos) {
    const std::size_t end = value.find('>', pos);
    if (end == std::string_view::npos) break;
    std::string id(value.substr(pos, end - pos + 1));
    const bool sane = id.size() <= 998 && id.find('@') != std::string::npos &&
                      std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (sane && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
    pos = end + 1;
  }
  if (out.empty()) {
    // A bare id without angle brackets (broken mailers).
    const std::string bare = Trim(value);
    if (!bare.empty() && bare.find('@') != std::string::npos && bare.find_first_of(" \t<>") == std::string::npos &&
        bare.size() <= 996) {
      out.push_back("<" + bare + ">");
    }
  }
  return out;
}

std::optional<DeliveryReport> ParseDeliveryStatus(std::string_view body) {
  // Unfold, then read "Field: value" lines; blank lines separate the per-message
  // block from the per-recipient blocks. The first failed recipient wins.
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<std::size_t> block_starts{0};
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string line(body.substr(pos, end - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = end + 1;
    if (Trim(line).empty()) {
      block_starts.push_back(fields.size());
      continue;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
      fields.back().second += " " + Trim(line);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    fields.emplace_back(Lower(Trim(line.substr(0, colon))), Trim(line.substr(colon + 1)));
  }
  block_starts.push_back(fields.size());
  std::optional<DeliveryReport> best;
  for (std::size_t b = 0; b + 1 < block_starts.size(); ++b) {
    DeliveryReport r;
    std::string original;
    for (std::size_t i = block_starts[b]; i < block_starts[b + 1]; ++i) {
      const auto& [name, value] = fields[i];
      auto address_of = [](const std::string& v) {
        std::string a = Trim(v.find(';') != std::string::npos ? v.substr(v.find(';') + 1) : v);
        if (a.size() >= 2 && a.front() == '<' && a.back() == '>') a = a.substr(1, a.size() - 2);
        return a;
      };
      if (name == "final-recipient") r.recipient = address_of(value);
      else if (name == "original-recipient") original = address_of(value);
      else if (name == "action") r.action = Lower(value);
      else if (name == "status") r.status = value;
      else if (name == "diagnostic-code") r.diagnostic = value;
    }
    if (r.recipient.empty()) r.recipient = original;
    if (r.recipient.empty()) continue;
    if (!best || (best->action != "failed" && r.action == "failed")) best = std::move(r);
  }
  return best;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  auto newline = [&] {
    if (!out.empty() && out.back() != '\n') out += '\n';
  };
  while (i < html.size()) {
    const char c = html[i];
    if (c == '<') {
      const std::size_t close = html.find('>', i);
      if (close == std::string_view::npos) break;
      std::string tag = Lower(html.substr(i + 1, close - i - 1));
      const bool end_tag = !tag.empty() && tag[0] == '/';
      if (end_tag) tag.erase(0, 1);
      const std::string name = tag.substr(0, tag.find_first_of(" \t\r\n/"));
      if (!end_tag && (name == "script" || name == "style" || name == "head" || name == "title")) {
        const std::size_t end = Lower(html.substr(close)).find("</" + name);
        i = end == std::string::npos ? html.size() : close + end;
        continue;
      }
      if (name == "br") out += '\n';
      if (name == "p" || name == "div" || name == "tr" || name == "li" || name == "h1" || name == "h2" ||
          name == "h3" || name == "pre" || name == "blockquote" || name == "table") {
        newline();
        if (name == "p" && end_tag) out += '\n';
      }
      i = close + 1;
      continue;
    }
    if (c == '&') {
      const std::size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        const std::string entity(html.substr(i + 1, semi - i - 1));
        std::string rep;
        if (entity == "amp") rep = "&";
        else if (entity == "lt") rep = "<";
        else if (entity == "gt") rep = ">";
        else if (entity == "quot") rep = "\"";
        else if (entity == "apos" || entity == "#39") rep = "'";
        else if (entity == "nbsp") rep = " ";
        else if (entity.size() > 1 && entity[0] == '#') {
          unsigned long cp = 0;
          try {
            cp = entity[1] == 'x' || entity[1] == 'X' ? std::stoul(entity.substr(2), nullptr, 16)
                                                       : std::stoul(entity.substr(1), nullptr, 10);
          } catch (...) {
            cp = 0xFFFD;
          }
          if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
          if (cp < 0x80) {
            rep += static_cast<char>(cp);
          } else if (cp < 0x800) {
            rep += static_cast<char>(0xC0 | (cp >> 6));
            rep += static_cast<char>(0x80 | (cp & 0x3F));
          } else if (cp < 0x10000) {
            rep += static_cast<char>(0xE0 | (cp >> 12));
            rep += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            rep += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            rep += static_cast<char>(0xF0 | (cp >> 18));
            rep += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            rep += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            rep += static_cast<char>(0x80 | (cp & 0x3F));
          }
        }
        if (!rep.empty()) {
          out += rep;
          i = semi + 1;
          continue;
        }
      }
    }
    if (c == '\r' || c == '\n' || c == '\t') {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  // Collapse runs of blank lines.
  std::string tidy;
  int newlines = 0;
  for (char c : out) {
    if (c == '\n') {
      if (++newlines > 2) continue;
    } else {
      newlines = 0;
    }
    tidy += c;
  }
  return Trim(tidy);
}

std::string SafeFilename(std::string_view name, std::string_view fallback) {
  std::string n = SanitizeUtf8(name);
  if (const std::size_t slash = n.find_last_of("/\\"); slash != std::string::npos) n = n.substr(slash + 1);
  std::string clean;
  for (char c : n) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    clean += c;
  }
  clean = Trim(clean);
  if (clean.size() > 255) {
    std::size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
    clean.resize(cut);
  }
  if (clean.empty() || clean == "." || clean == "..") return std::string(fallback);
  return clean;
}

Result<ParsedMail> ParseMail(std::string_view raw, const ParseOptions& options) {
  if (raw.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid("message", "the message is empty");
  }
  if (!StartsWithHeaders(raw)) {
    return Error::Invalid("message", "not an RFC 5322 message: it does not start with a header section");
  }
  InitGmime();
  ParsedMail out;
  std::unique_ptr<GMimeParserOptions, OptionsFree> gopts(NewParserOptions());
  WarningSink sink{&out.problems};
  g_mime_parser_options_set_warning_callback(gopts.get(), OnWarning, &sink);

  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), raw.starts_with("From ") ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), gopts.get()));
  if (message == nullptr) return Error::Invalid("message", "not an RFC 5322 message: its headers do not parse");
  GMimeObject* top = GMIME_OBJECT(message.get());

  const std::string from_raw = FirstRawHeader(top, "From");
  const std::string subject_raw = FirstRawHeader(top, "Subject");
  const std::string message_id_raw = FirstRawHeader(top, "Message-ID");
  const std::string to_raw = FirstRawHeader(top, "To");
  const std::string date_raw = FirstRawHeader(top, "Date");
  if (from_raw.empty() && subject_raw.empty() && message_id_raw.empty() && to_raw.empty() && date_raw.empty()) {
    return Error::Invalid("message", "not an RFC 5322 message: it has no From, To, Subject, Date or Message-ID");
  }

  if (auto ids = ExtractMessageIds(message_id_raw); !ids.empty()) out.message_id = ids.front();
  for (const auto& v : RawHeaders(top, "In-Reply-To")) {
    for (auto& id : ExtractMessageIds(v)) out.in_reply_to.push_back(std::move(id));
  }
  for (const auto& v : RawHeaders(top, "References")) {
    for (auto& id : ExtractMessageIds(v)) out.references.push_back(std::move(id));
  }
  bool lossy = false;
  out.subject = DecodeHeader(subject_raw, &lossy);
  if (lossy) out.problems.emplace_back("the subject could not be fully decoded");

  auto from = ParseAddresses(gopts.get(), from_raw);
  if (from.empty()) {
    // Sender, then Reply-To, then Return-Path, for a message without a usable From.
    for (const char* h : {"Sender", "Reply-To", "Return-Path"}) {
      from = ParseAddresses(gopts.get(), FirstRawHeader(top, h));
      if (!from.empty()) break;
    }
  }
  if (!from.empty()) {
    out.from.address = from.front().address;
    out.from.name = DisplayName(from_raw, out.from.address);
    if (out.from.name.empty()) out.from.name = from.front().name;
  }
  for (const char* h : {"To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To"}) {
    for (const auto& raw_value : RawHeaders(top, h)) {
      for (auto& m : ParseAddresses(gopts.get(), raw_value)) out.recipients.push_back(std::move(m.address));
    }
  }
  out.auto_submitted = Lower(Trim(FirstRawHeader(top, "Auto-Submitted")));
  out.precedence = Lower(Trim(FirstRawHeader(top, "Precedence")));
  const std::string local = Lower(out.from.address.substr(0, out.from.address.find('@')));
  const std::string return_path = Trim(FirstRawHeader(top, "Return-Path"));
  out.from_mailer_daemon = local == "mailer-daemon" || local == "postmaster" || return_path == "<>";

  Walker walker(options, out, gopts.get());
  walker.Walk(g_mime_message_get_mime_part(message.get()), raw, 0);
  out.text = walker.Text();
  // Whatever came out of decryption or decoding, the store receives valid
  // UTF-8 without NUL (found by the ingest fuzz target: a NUL in a decrypted
  // inline-PGP plaintext reached the text).
  out.text = SanitizeUtf8(out.text);
  out.subject = SanitizeUtf8(out.subject);
  out.from.name = SanitizeUtf8(out.from.name);
  for (auto& a : out.attachments) a.filename = SanitizeUtf8(a.filename);
  return out;
}

}  // namespace cvdhub::mail
