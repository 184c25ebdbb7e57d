#include "app/mail_ingest.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "app/mail_delivery.hpp"
#include "app/notifications.hpp"
#include "app/reports.hpp"
#include "app/security.hpp"
#include "mail/charset.hpp"
#include "mail/mime.hpp"
#include "mail/parse.hpp"

namespace cvdhub::app {
namespace {

using store::InboundDisposition;
using store::InboundMessage;

constexpr std::string_view kMailActor = "mail";
constexpr std::size_t kMaxThreadIds = 50;

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

// Appends `item` to `list`, after `separator` unless `list` is empty.
void Join(std::string& list, std::string_view separator, std::string_view item) {
  if (!list.empty()) list.append(separator);
  list.append(item);
}

bool IEqualsAscii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// At most `max` bytes of UTF-8 text, cut at a character boundary.
std::string Truncate(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut));
}

// A message as far as it was understood, ready to be stored.
InboundMessage BaseRecord(const mail::ParsedMail* p, const std::string& sha, Timestamp now) {
  InboundMessage m;
  m.raw_sha256 = sha;
  m.received_at = now;
  if (p == nullptr) return m;
  m.message_id = Truncate(p->message_id, 998);
  m.from_email = Truncate(p->from.address, 320);
  m.from_name = Truncate(p->from.name, domain::kMaxShortField);
  m.subject = Truncate(p->subject, 2000);
  m.body = Truncate(p->text, domain::kMaxLongField);
  m.encrypted = p->encrypted;
  m.signature = std::string(mail::SignatureStateName(p->signature.state));
  m.signer = p->signature.signer;
  m.signature_detail = p->signature.detail;
  if (!p->problems.empty()) {
    std::string problems;
    for (const auto& pr : p->problems) Join(problems, "; ", pr);
    m.detail = Truncate(problems, 2000);
  }
  return m;
}

// Labelled lines of a plain-text report ("製品名: …", "Version: …").
struct Labelled {
  std::string product_name;
  std::string product_version;
  std::string product_url;
  std::string impact;
  std::string discovery_method;
  std::string tools_used;
};

Labelled ReadLabels(std::string_view text) {
  static const std::vector<std::pair<std::vector<std::string>, std::string Labelled::*>> kLabels = {
      {{"product", "product name", "製品", "製品名", "ソフトウェア名", "ソフトウエア名"}, &Labelled::product_name},
      {{"version", "affected version", "バージョン", "影響を受けるバージョン", "対象バージョン"}, &Labelled::product_version},
      {{"url", "product url", "product page", "製品url", "製品のurl"}, &Labelled::product_url},
      {{"impact", "影響", "想定される影響"}, &Labelled::impact},
      {{"how found", "discovery", "discovery method", "発見方法", "発見の経緯"}, &Labelled::discovery_method},
      {{"tools", "tools used", "使用ツール", "ツール"}, &Labelled::tools_used},
  };
  Labelled out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    std::size_t colon = line.find(':');
    std::size_t skip = 1;
    if (const std::size_t wide = line.find("\xEF\xBC\x9A"); wide != std::string_view::npos && wide < colon) {
      colon = wide;  // a full-width colon
      skip = 3;
    }
    if (colon == std::string_view::npos || colon > 40) continue;
    std::string label = Lower(Trim(line.substr(0, colon)));
    if (!label.empty() && (label.front() == '-' || label.front() == '*')) label = Trim(label.substr(1));
    const std::string value = Trim(line.substr(colon + skip));
    if (value.empty()) continue;
    for (const auto& [names, field] : kLabels) {
      if (std::find(names.begin(), names.end(), label) != names.end() && (out.*field).empty()) {
        out.*field = Truncate(value, domain::kMaxShortField);
      }
    }
  }
  return out;
}

// Our Message-IDs quoted anywhere in a (non-standard) bounce.
std::vector<std::string> OurIdsIn(std::string_view raw, std::string_view domain) {
  std::vector<std::string> out;
  const std::string needle = "<cvdhub.";
  std::size_t pos = 0;
  while ((pos = raw.find(needle, pos)) != std::string_view::npos && out.size() < 10) {
    const std::size_t end = raw.find('>', pos);
    if (end == std::string_view::npos || end - pos > 200) break;
    std::string id(raw.substr(pos, end - pos + 1));
    if (mail::DomainOf(id.substr(1, id.size() - 2)) == domain) out.push_back(std::move(id));
    pos = end;
  }
  return out;
}

class Router {
 public:
  Router(Context& ctx, store::Tx& tx, const mail::ParsedMail& p, InboundMessage& rec, std::string_view raw)
      : ctx_(ctx), tx_(tx), p_(p), rec_(rec), raw_(raw), now_(ctx.clock.Now()) {}

  Result<IngestResult> Route();
  Result<IngestResult> MakeReport();

  // Routes a message that is already stored (a release from quarantine by `handler`).
  void UseStored(std::int64_t id, domain::UserId handler) {
    existing_id_ = id;
    handler_ = handler;
  }

  Result<IngestResult> Quarantine(std::string_view reason, std::string detail) {
    rec_.disposition = InboundDisposition::kQuarantined;
    rec_.reason = std::string(reason);
    if (!rec_.detail.empty()) {
      detail.append(" (");
      detail.append(rec_.detail);
      detail.append(")");
    }
    rec_.detail = Truncate(detail, 4000);
    auto id = Store();
    if (!id) return id.error();
    return IngestResult{.inbound_id = *id, .disposition = rec_.disposition, .detail = rec_.reason};
  }

 private:
  Result<std::int64_t> Store() {
    if (existing_id_ != 0) {
      rec_.id = existing_id_;
      if (auto st = tx_.mail().UpdateInboundDisposition(existing_id_, rec_.disposition, rec_.reference, handler_, now_);
          !st) {
        return st.error();
      }
      return existing_id_;
    }
    auto id = tx_.mail().InsertInbound(rec_, raw_);
    if (!id) return id.error();
    rec_.id = *id;
    return id;
  }
  Status StoreInboundAttachments() {
    for (const auto& a : p_.attachments) {
      auto id = tx_.mail().InsertInboundAttachment(
          {.inbound_id = rec_.id, .filename = a.filename, .content_type = Truncate(a.content_type, 200),
           .size = static_cast<std::int64_t>(a.bytes.size()), .sha256 = Sha256Hex(a.bytes)},
          a.bytes);
      if (!id) return id.error();
    }
    return {};
  }
  Result<IngestResult> Bounce();
  Result<IngestResult> Attach(const std::string& reference);
  Result<bool> IsParty(const std::string& reference);
  Status AttachToReport(const domain::Report& r);
  Status AttachToVendorThread(domain::CaseId case_id, const std::string& reference);
  std::string Placeholder(domain::Language lang) const {
    return std::string(ctx_.catalog.Get(lang, "mail.intake.to_complete"));
  }

  Context& ctx_;
  store::Tx& tx_;
  const mail::ParsedMail& p_;
  InboundMessage& rec_;
  std::string_view raw_;
  Timestamp now_;
  std::int64_t existing_id_ = 0;
  domain::UserId handler_ = 0;
};

Result<IngestResult> Router::Bounce() {
  std::vector<std::string> ids;
  if (p_.delivery_report && !p_.delivery_report->original_message_id.empty()) {
    ids.push_back(p_.delivery_report->original_message_id);
  }
  if (ids.empty()) ids = OurIdsIn(raw_, mail::DomainOf(ctx_.config.mail.from_address));
  for (const auto& id : ids) {
    auto out = tx_.mail().FindOutboxByMessageId(id);
    if (!out) {
      if (out.error().code == ErrorCode::kNotFound) continue;
      return out.error();
    }
    const std::string action = p_.delivery_report ? p_.delivery_report->action : "failed";
    rec_.disposition = InboundDisposition::kBounce;
    rec_.reference = "outbox:" + std::to_string(out->id);
    if (action == "failed" || action.empty()) {
      store::OutboxMessage m = std::move(*out);
      m.status = store::OutboxStatus::kBounced;
      m.failed_at = now_;
      std::string detail = p_.delivery_report ? Trim(p_.delivery_report->status + " " + p_.delivery_report->diagnostic)
                                              : "returned as undeliverable";
      m.bounce_detail = Truncate(detail, 1000);
      m.lease_owner.clear();
      m.lease_until.reset();
      if (auto st = tx_.mail().UpdateOutboxDelivery(m, ""); !st) return st.error();
      if (auto subject = ReferenceSubject(m.reference)) {
        if (auto st = tx_.AppendEvent({.subject_type = subject->first, .subject_id = subject->second,
                                       .actor_name = std::string(kMailActor), .at = now_, .action = "mail.bounced",
                                       .field = m.to_email, .to_value = m.bounce_detail});
            !st) {
          return st.error();
        }
      }
      rec_.detail = "bounced: " + m.bounce_detail;
    } else {
      rec_.detail = "delivery status: " + action;
    }
    auto stored = Store();
    if (!stored) return stored.error();
    return IngestResult{.inbound_id = *stored, .disposition = rec_.disposition, .reference = rec_.reference,
                        .detail = rec_.detail};
  }
  return Quarantine(kReasonUnknownBounce, "a delivery report about a message that is not ours");
}

// A sender may answer a thread when we wrote to it about that reference, or
// it is the finder of the report.
Result<bool> Router::IsParty(const std::string& reference) {
  const std::string& from = p_.from.address;
  if (from.empty()) return false;
  auto mailed = tx_.mail().ListOutbox({.reference_prefix = reference, .to_email = from, .limit = 1});
  if (!mailed) return mailed.error();
  if (!mailed->empty()) return true;
  auto subject = ReferenceSubject(reference);
  if (subject && subject->first == "report") {
    auto r = tx_.FindReport(subject->second);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Result<bool>(false) : Result<bool>(r.error());
    if (IEqualsAscii(r->submission.finder_contact, from)) return true;
    if (r->finder_user_id != 0) {
      auto u = tx_.FindUser(r->finder_user_id);
      if (u && IEqualsAscii(u->user.email, from)) return true;
    }
  }
  return false;
}

Status Router::AttachToReport(const domain::Report& r) {
  std::string body = Trim(p_.text);
  if (body.empty()) body = "(" + std::string(ctx_.catalog.Get(r.submission.language, "mail.empty_body")) + ")";
  if (body.size() > domain::kMaxLongField - 200) {
    body = Truncate(body, domain::kMaxLongField - 200) + "\n…";
  }
  domain::UserId author = 0;
  if (r.finder_user_id != 0) {
    auto u = tx_.FindUser(r.finder_user_id);
    if (u && IEqualsAscii(u->user.email, p_.from.address)) author = r.finder_user_id;
  }
  const std::string name = p_.from.name.empty() ? p_.from.address : p_.from.name + " <" + p_.from.address + ">";
  auto mid = tx_.InsertMessage({.report_id = r.id, .author_id = author,
                                .author_name = Truncate(name, domain::kMaxShortField),
                                .author_role = domain::Role::kFinder, .body = body, .created_at = now_});
  if (!mid) return mid.error();
  if (auto st = tx_.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_id = author,
                                 .actor_name = std::string(kMailActor), .at = now_, .action = "report.message",
                                 .field = "mail"});
      !st) {
    return st;
  }
  for (const auto& a : p_.attachments) {
    if (!domain::ValidateAttachmentName(a.filename) || a.bytes.size() > ctx_.config.max_attachment) {
      continue;  // kept with the inbound message instead (see StoreInboundAttachments)
    }
    domain::Attachment meta{.report_id = r.id, .filename = a.filename,
                            .content_type = Truncate(a.content_type.empty() ? "application/octet-stream" : a.content_type, 200),
                            .size = static_cast<std::int64_t>(a.bytes.size()), .sha256 = Sha256Hex(a.bytes),
                            .created_at = now_, .uploaded_by = 0};
    auto id = tx_.InsertAttachment(meta, a.bytes);
    if (!id) return id.error();
    if (auto st = tx_.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_name = std::string(kMailActor),
                                   .at = now_, .action = "report.attachment", .field = a.filename,
                                   .to_value = "sha256:" + meta.sha256});
        !st) {
      return st;
    }
  }
  return {};
}

Result<IngestResult> Router::Attach(const std::string& reference) {
  auto party = IsParty(reference);
  if (!party) return party.error();
  if (!*party) {
    return Quarantine(kReasonSenderNotParty, "the sender is not a recipient of " + reference);
  }
  auto subject = ReferenceSubject(reference);
  if (!subject) return Quarantine(kReasonUnmatched, "unknown reference " + reference);
  rec_.reference = reference;
  if (subject->first == "report") {
    auto r = tx_.FindReport(subject->second);
    if (!r) return Quarantine(kReasonUnmatched, "the report of " + reference + " does not exist");
    rec_.disposition = InboundDisposition::kReportReply;
    auto id = Store();
    if (!id) return id.error();
    if (auto st = AttachToReport(*r); !st) return st.error();
    // Attachments a report cannot take (too large, bad name) stay with the message.
    for (const auto& a : p_.attachments) {
      if (domain::ValidateAttachmentName(a.filename) && a.bytes.size() <= ctx_.config.max_attachment) continue;
      auto aid = tx_.mail().InsertInboundAttachment({.inbound_id = rec_.id, .filename = a.filename,
                                                     .content_type = Truncate(a.content_type, 200),
                                                     .size = static_cast<std::int64_t>(a.bytes.size()),
                                                     .sha256 = Sha256Hex(a.bytes)},
                                                    a.bytes);
      if (!aid) return aid.error();
    }
    return IngestResult{.inbound_id = *id, .disposition = rec_.disposition, .reference = reference,
                        .detail = r->intake_number};
  }
  // A case reply: kept in the case's inbound list until case threads take it.
  rec_.disposition = InboundDisposition::kCaseReply;
  auto id = Store();
  if (!id) return id.error();
  if (auto st = StoreInboundAttachments(); !st) return st.error();
  if (auto st = tx_.AppendEvent({.subject_type = "case", .subject_id = subject->second,
                                 .actor_name = std::string(kMailActor), .at = now_, .action = "mail.received",
                                 .field = p_.from.address, .to_value = "inbound:" + std::to_string(*id)});
      !st) {
    return st.error();
  }
  if (auto st = AttachToVendorThread(subject->second, reference); !st) return st.error();
  return IngestResult{.inbound_id = *id, .disposition = rec_.disposition, .reference = reference};
}

// A vendor's reply lands in that vendor's thread with the coordinator, never
// in the case-wide thread (other vendors read that one, G8-3). The vendor is
// the one named by the reference ("case:3:vendor:7"), else the case vendor
// whose contact sent it; otherwise the reply stays in the case's inbound list.
Status Router::AttachToVendorThread(domain::CaseId case_id, const std::string& reference) {
  std::int64_t vendor_id = 0;
  if (const auto pos = reference.find(":vendor:"); pos != std::string::npos) {
    vendor_id = std::atoll(reference.c_str() + pos + 8);
  } else {
    auto vendors = tx_.coordination().ListCaseVendors(case_id);
    if (!vendors) return vendors.error();
    for (const auto& v : *vendors) {
      auto contacts = tx_.coordination().ListContacts(v.vendor_id);
      if (!contacts) return contacts.error();
      for (const auto& c : *contacts) {
        if (Lower(c.email) == Lower(p_.from.address)) vendor_id = v.vendor_id;
      }
    }
  }
  if (vendor_id <= 0) return {};
  auto cv = tx_.coordination().FindCaseVendor(case_id, vendor_id);
  if (!cv) return cv.error().code == ErrorCode::kNotFound ? Status{} : Status{cv.error()};
  // An answer by mail: the vendor is not silent.
  cv->last_answer_at = now_;
  cv->answer_due.reset();
  if (auto st = tx_.coordination().UpdateCaseVendor(*cv); !st) return st;
  std::string body = p_.text;
  if (body.size() > domain::kMaxLongField) body.resize(domain::kMaxLongField);
  auto mid = tx_.coordination().InsertCaseMessage({.case_id = case_id, .thread = domain::ThreadKind::kVendor,
                                                   .party_id = vendor_id, .author_name = p_.from.address,
                                                   .author_role = domain::Role::kVendor, .body = std::move(body),
                                                   .created_at = now_});
  if (!mid) return mid.error();
  return tx_.coordination().BumpCaseVersion(case_id);
}

Result<IngestResult> Router::Route() {
  if (p_.encrypted && !p_.decrypted) return Quarantine(kReasonCannotDecrypt, p_.decrypt_error);
  if (p_.delivery_report || p_.from_mailer_daemon) return Bounce();

  // 1. Thread headers: the newest referenced message we know decides.
  std::vector<std::string> ids = p_.in_reply_to;
  for (auto it = p_.references.rbegin(); it != p_.references.rend(); ++it) ids.push_back(*it);
  if (ids.size() > kMaxThreadIds) ids.resize(kMaxThreadIds);
  for (const auto& id : ids) {
    auto out = tx_.mail().FindOutboxByMessageId(id);
    if (out) return Attach(out->reference);
    if (out.error().code != ErrorCode::kNotFound) return out.error();
    auto in = tx_.mail().FindInboundByMessageId(id);
    if (!in) return in.error();
    for (const auto& earlier : *in) {
      if (!earlier.reference.empty() && !earlier.reference.starts_with("outbox:") &&
          earlier.disposition != InboundDisposition::kQuarantined) {
        return Attach(earlier.reference);
      }
    }
  }

  // 2. The identifier in the subject.
  if (const std::string ident = FindIdentifier(p_.subject); !ident.empty()) {
    if (ident.starts_with("IN-")) {
      auto r = tx_.FindReportByIntakeNumber(ident);
      if (r) return Attach("report:" + std::to_string(r->id));
      if (r.error().code != ErrorCode::kNotFound) return r.error();
    } else {
      auto c = tx_.FindCaseByIdentifier(ident);
      if (c) return Attach("case:" + std::to_string(c->id));
      if (c.error().code != ErrorCode::kNotFound) return c.error();
    }
    return Quarantine(kReasonUnknownIdentifier, ident + " is not a known report or case");
  }

  // 3. New mail to the intake address.
  if ((!p_.auto_submitted.empty() && p_.auto_submitted != "no") || p_.precedence == "bulk" ||
      p_.precedence == "junk" || p_.precedence == "list") {
    return Quarantine(kReasonAutoReply, "an automatic message (" +
                                            (p_.auto_submitted.empty() ? "precedence " + p_.precedence
                                                                       : "auto-submitted " + p_.auto_submitted) +
                                            ") that answers nothing we sent");
  }
  const std::string& intake = ctx_.config.mail.intake_address;
  if (!intake.empty() && std::none_of(p_.recipients.begin(), p_.recipients.end(),
                                      [&](const std::string& a) { return IEqualsAscii(a, intake); })) {
    return Quarantine(kReasonUnmatched, "not a reply, and not addressed to the intake address");
  }
  return MakeReport();
}

Result<IngestResult> Router::MakeReport() {
  if (!mail::IsValidAddress(p_.from.address)) {
    return Quarantine(kReasonIntakeInvalid, "the message has no usable sender address");
  }
  const domain::Language lang = DetectLanguage(p_.subject + "\n" + p_.text);
  const std::string todo = Placeholder(lang);
  std::vector<std::string> needs_review{"kind"};
  auto fill = [&](std::string value, const char* field) {
    if (Trim(value).empty()) {
      needs_review.emplace_back(field);
      return todo;
    }
    return value;
  };
  const Labelled labels = ReadLabels(p_.text);
  domain::ReportSubmission s;
  s.kind = domain::ReportKind::kSoftware;
  s.source = domain::ReportSource::kPartnership;
  s.title = fill(Truncate(Trim(p_.subject), domain::kMaxShortField), "title");
  s.product_name = fill(labels.product_name, "product_name");
  s.product_version = fill(labels.product_version, "product_version");
  s.product_url = labels.product_url.starts_with("http://") || labels.product_url.starts_with("https://")
                      ? labels.product_url
                      : "";
  s.discovery_method = fill(labels.discovery_method, "discovery_method");
  s.tools_used = labels.tools_used;
  std::string body = Trim(p_.text);
  if (body.size() > domain::kMaxLongField) body = Truncate(body, domain::kMaxLongField - 4) + "\n…";
  s.reproduction = fill(body, "reproduction");
  s.impact = fill(labels.impact, "impact");
  s.finder_name = Truncate(p_.from.name.empty() ? p_.from.address : p_.from.name, domain::kMaxShortField);
  s.finder_contact = Truncate(p_.from.address, domain::kMaxShortField);
  s.language = lang;
  if (!domain::ValidateSubmission(s)) {
    s.product_url.clear();
    if (auto st = domain::ValidateSubmission(s); !st) {
      return Quarantine(kReasonIntakeInvalid, "could not become a report: " + st.error().message);
    }
  }

  // Numbered, with its acknowledgement deadline (P-A), as any report.
  auto received = RecordReceived(tx_, ctx_, {.submission = std::move(s), .received_at = now_}, 0,
                                 std::string(kMailActor));
  if (!received) return received.error();
  const domain::Report& r = *received;
  rec_.disposition = InboundDisposition::kReport;
  rec_.reference = "report:" + std::to_string(r.id);
  for (const auto& f : needs_review) Join(rec_.needs_review, ",", f);
  auto id = Store();
  if (!id) return id.error();
  for (const auto& a : p_.attachments) {
    if (!domain::ValidateAttachmentName(a.filename) || a.bytes.size() > ctx_.config.max_attachment) {
      auto aid = tx_.mail().InsertInboundAttachment({.inbound_id = rec_.id, .filename = a.filename,
                                                     .content_type = Truncate(a.content_type, 200),
                                                     .size = static_cast<std::int64_t>(a.bytes.size()),
                                                     .sha256 = Sha256Hex(a.bytes)},
                                                    a.bytes);
      if (!aid) return aid.error();
      continue;
    }
    domain::Attachment meta{.report_id = r.id, .filename = a.filename,
                            .content_type = Truncate(a.content_type.empty() ? "application/octet-stream" : a.content_type, 200),
                            .size = static_cast<std::int64_t>(a.bytes.size()), .sha256 = Sha256Hex(a.bytes),
                            .created_at = now_, .uploaded_by = 0};
    auto aid = tx_.InsertAttachment(meta, a.bytes);
    if (!aid) return aid.error();
    if (auto st = tx_.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_name = std::string(kMailActor),
                                   .at = now_, .action = "report.attachment", .field = a.filename,
                                   .to_value = "sha256:" + meta.sha256});
        !st) {
      return st.error();
    }
  }
  // The finder learns the intake number at once, in the thread their replies will match.
  Notification n{.kind = "report.received",
                 .to_email = p_.from.address,
                 .to_name = r.submission.finder_name,
                 .language = lang,
                 .subject = std::string(ctx_.catalog.Get(lang, "mail.subject.report_received")),
                 .body = ctx_.catalog.Format(lang, "mail.body.report_received",
                                             {{"intake_number", r.intake_number},
                                              {"ack_deadline", domain::FormatDate(r.ack_deadline)}}),
                 .reference = rec_.reference,
                 .identifier = r.intake_number};
  if (auto st = Notify(tx_, ctx_, n); !st) return st.error();
  return IngestResult{.inbound_id = *id, .disposition = rec_.disposition, .reference = rec_.reference,
                      .detail = r.intake_number};
}

}  // namespace

std::string FindIdentifier(std::string_view subject) {
  static const std::regex kIdentifier(R"((IN-\d{4}-\d{5,})|(JVN(VU)?#\d{8})|(WEB-\d{4}-\d{4,}))");
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(subject.begin(), subject.end(), m, kIdentifier)) return m.str(0);
  return {};
}

domain::Language DetectLanguage(std::string_view text) {
  // Hiragana, katakana (U+3040–U+30FF) and CJK ideographs (U+4E00–U+9FFF) are
  // three-byte UTF-8 sequences starting E3 81–E3 83 and E4–E9.
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto d = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xE3 && d >= 0x81 && d <= 0x83) || (c >= 0xE4 && c <= 0xE9)) return domain::Language::kJa;
  }
  return domain::Language::kEn;
}

Result<IngestResult> MailIngest::Ingest(std::string_view raw) {
  const std::string sha = Sha256Hex(raw);
  const auto& cfg = ctx_.config.mail;

  // Parse (and decrypt) outside the write transaction; keys come from a snapshot.
  std::optional<Result<mail::ParsedMail>> parsed;
  const bool too_large = raw.size() > cfg.max_inbound;
  if (!too_large) {
    mail::ParseOptions options;
    if (auto key = LoadCoordinatorKey(ctx_.config, /*create=*/false)) options.secret_key = key->secret_armored;
    auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
      options.keys_for_sender = [&tx](const std::string& from) {
        std::vector<std::string> keys;
        if (auto k = tx.mail().FindRecipientKey(from)) keys.push_back(k->armored);
        return keys;
      };
      parsed = mail::ParseMail(raw, options);
      return {};
    });
    if (!st) return st.error();
  }

  IngestResult result;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    const auto now = ctx_.clock.Now();
    if (auto existing = tx.mail().FindInboundBySha256(sha)) {
      result = {.inbound_id = existing->id, .disposition = existing->disposition, .reference = existing->reference,
                .detail = existing->reason, .duplicate = true};
      return {};
    } else if (existing.error().code != ErrorCode::kNotFound) {
      return existing.error();
    }
    const mail::ParsedMail* p = parsed && parsed->ok() ? &parsed->value() : nullptr;
    InboundMessage rec = BaseRecord(p, sha, now);
    static const mail::ParsedMail kEmpty;
    Router router(ctx_, tx, p != nullptr ? *p : kEmpty, rec, too_large ? raw.substr(0, cfg.max_inbound) : raw);
    Result<IngestResult> routed = Error::Internal("not routed");
    if (too_large) {
      routed = router.Quarantine(kReasonTooLarge, "the message is larger than " + std::to_string(cfg.max_inbound) +
                                                      " bytes; its first bytes are kept");
    } else if (p == nullptr) {
      routed = router.Quarantine(kReasonUnparseable, parsed->error().message);
    } else {
      routed = router.Route();
    }
    if (!routed) return routed.error();
    result = std::move(*routed);
    return {};
  });
  if (!st) return st.error();
  spdlog::info("mail: inbound {} → {}{}{}", result.inbound_id, store::InboundDispositionName(result.disposition),
               result.reference.empty() ? "" : " ", result.reference);
  return result;
}

Result<IngestResult> MailIngest::ReleaseAsReport(const Actor& actor, std::int64_t inbound_id) {
  if (auto st = Authorize(actor, Action::kTriageReport); !st) return st.error();
  IngestResult result;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto m = tx.mail().FindInbound(inbound_id);
    if (!m) return m.error().code == ErrorCode::kNotFound ? Error::NotFound("message not found") : m.error();
    if (m->disposition != InboundDisposition::kQuarantined) return Error::Conflict("the message is not quarantined");
    auto raw = tx.mail().ReadInboundRaw(inbound_id);
    if (!raw) return raw.error();
    mail::ParseOptions options;
    if (auto key = LoadCoordinatorKey(ctx_.config, false)) options.secret_key = key->secret_armored;
    auto parsed = mail::ParseMail(*raw, options);
    if (!parsed) return Error::Conflict("the message cannot be read: " + parsed.error().message);
    if (parsed->encrypted && !parsed->decrypted) return Error::Conflict("the message cannot be decrypted");
    InboundMessage rec = BaseRecord(&*parsed, m->raw_sha256, ctx_.clock.Now());
    Router router(ctx_, tx, *parsed, rec, *raw);
    router.UseStored(inbound_id, actor.id());  // the new report is recorded on the quarantined row itself
    auto made = router.MakeReport();
    if (!made) return made.error();
    if (made->disposition != InboundDisposition::kReport) {
      return Error::Conflict("the message cannot become a report: " + made->detail);
    }
    result = std::move(*made);
    return Status();
  });
  if (!st) return st.error();
  return result;
}

}  // namespace cvdhub::app
