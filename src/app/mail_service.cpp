#include "app/mail_service.hpp"

#include "app/reports.hpp"

namespace cvdhub::app {
namespace {

bool IEqualsAscii(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Mail is staff business: intake staff see the quarantine and every thread.
Status AuthorizeStaff(const Actor& actor) { return Authorize(actor, Action::kViewQueue); }

// One inbound message is as confidential as what it is about: mail about a
// case is for that case's coordinators, mail about a report for those who may
// see the report (intake loses sight of it once it is handed over, PROCESS §1);
// unmatched mail (the quarantine, new reports) is intake's.
Status AuthorizeInbound(store::Tx& tx, const Actor& actor, const store::InboundMessage& m) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  const std::string& ref = m.reference;
  auto id_after = [&](std::string_view prefix) -> std::int64_t {
    return std::atoll(ref.c_str() + prefix.size());
  };
  if (ref.starts_with("case:")) {
    const std::int64_t case_id = id_after("case:");
    auto member = tx.IsCaseMember(case_id, actor.id());
    if (!member) return member.error();
    return AuthorizeCase(actor, CaseAction::kCoordinate, {.actor_is_member = *member});
  }
  if (ref.starts_with("report:")) {
    auto r = tx.FindReport(id_after("report:"));
    if (!r) return Error::NotFound("message not found");
    auto facts = ReportFactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto st = Authorize(actor, Action::kViewReport, &*facts); !st) return Error::NotFound("message not found");
    return AuthorizeStaff(actor);
  }
  return AuthorizeStaff(actor);
}

}  // namespace

Result<std::vector<store::InboundMessage>> MailService::Quarantine(const Actor& actor) {
  if (auto st = AuthorizeStaff(actor); !st) return st.error();
  std::vector<store::InboundMessage> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.mail().ListInbound({.disposition = store::InboundDisposition::kQuarantined});
    if (!list) return list.error();
    out = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<store::InboundMessage>> MailService::Inbound(const Actor& actor, const std::string& reference) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  if (!domain::IsStaff(actor.user->role)) return Error::Forbidden();
  std::vector<store::InboundMessage> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.mail().ListInbound({.reference_prefix = reference});
    if (!list) return list.error();
    // Only the messages this caller may read (AuthorizeInbound).
    for (auto& m : *list) {
      if (AuthorizeInbound(tx, actor, m)) out.push_back(std::move(m));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<InboundView> MailService::ViewInbound(const Actor& actor, std::int64_t id) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  InboundView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto m = tx.mail().FindInbound(id);
    if (!m) return m.error().code == ErrorCode::kNotFound ? Error::NotFound("message not found") : m.error();
    if (auto a = AuthorizeInbound(tx, actor, *m); !a) return a;
    view.message = std::move(*m);
    auto atts = tx.mail().ListInboundAttachments(id);
    if (!atts) return atts.error();
    view.attachments = std::move(*atts);
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "mail.read", .subject_type = "mail_inbound",
                     .subject_id = id, .at = ctx_.clock.Now()});
  return view;
}

Result<std::string> MailService::InboundRaw(const Actor& actor, std::int64_t id) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  std::string raw;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto m = tx.mail().FindInbound(id);
    if (!m) return m.error().code == ErrorCode::kNotFound ? Error::NotFound("message not found") : m.error();
    if (auto a = AuthorizeInbound(tx, actor, *m); !a) return a;
    auto r = tx.mail().ReadInboundRaw(id);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("message not found") : r.error();
    raw = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "mail.raw", .subject_type = "mail_inbound", .subject_id = id,
                     .at = ctx_.clock.Now()});
  return raw;
}

Result<std::pair<store::InboundAttachment, std::string>> MailService::InboundAttachment(const Actor& actor,
                                                                                      std::int64_t attachment_id) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  std::pair<store::InboundAttachment, std::string> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto meta = tx.mail().FindInboundAttachment(attachment_id);
    if (!meta) return meta.error().code == ErrorCode::kNotFound ? Error::NotFound("attachment not found") : meta.error();
    auto m = tx.mail().FindInbound(meta->inbound_id);
    if (!m) return Error::NotFound("attachment not found");
    if (auto a = AuthorizeInbound(tx, actor, *m); !a) return a;
    auto bytes = tx.mail().ReadInboundAttachmentBytes(attachment_id);
    if (!bytes) return bytes.error();
    out = {std::move(*meta), std::move(*bytes)};
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "attachment.download", .subject_type = "mail_attachment",
                     .subject_id = attachment_id, .at = ctx_.clock.Now()});
  return out;
}

Status MailService::Dismiss(const Actor& actor, std::int64_t id) {
  if (auto st = Authorize(actor, Action::kTriageReport); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto m = tx.mail().FindInbound(id);
    if (!m) return m.error().code == ErrorCode::kNotFound ? Error::NotFound("message not found") : m.error();
    if (m->disposition != store::InboundDisposition::kQuarantined) {
      return Error::Conflict("the message is not quarantined");
    }
    return tx.mail().UpdateInboundDisposition(id, store::InboundDisposition::kDismissed, m->reference, actor.id(),
                                              ctx_.clock.Now());
  });
}

Result<std::vector<DeliveryRecord>> MailService::Deliveries(const Actor& actor, const std::string& reference) {
  if (auto st = AuthorizeStaff(actor); !st) return st.error();
  std::vector<DeliveryRecord> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = DeliveriesFor(tx, reference);
    if (!list) return list.error();
    out = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> MailService::OutboxCounts(const Actor& actor) {
  if (auto st = AuthorizeStaff(actor); !st) return st.error();
  std::vector<std::pair<std::string, std::int64_t>> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto counts = tx.mail().CountOutbox();
    if (!counts) return counts.error();
    for (const auto& [status, n] : *counts) out.emplace_back(store::OutboxStatusName(status), n);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status MailService::SetKey(const Actor& actor, const std::string& email, const std::string& armored_public_key) {
  const bool own = actor.user && actor.user->role == domain::Role::kFinder && IEqualsAscii(actor.user->email, email);
  if (!own) {
    if (auto st = AuthorizeStaff(actor); !st) return st;
  }
  return ctx_.store.Write(
      [&](store::Tx& tx) -> Status { return SetRecipientKey(tx, ctx_, email, armored_public_key); });
}

Result<std::vector<store::RecipientKey>> MailService::Keys(const Actor& actor) {
  if (auto st = AuthorizeStaff(actor); !st) return st.error();
  std::vector<store::RecipientKey> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto keys = tx.mail().ListRecipientKeys();
    if (!keys) return keys.error();
    out = std::move(*keys);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::string> MailService::CoordinatorPublicKey() {
  auto key = LoadCoordinatorKey(ctx_.config, /*create=*/true);
  if (!key) return key.error().code == ErrorCode::kNotFound ? Error::NotFound("no OpenPGP key") : key.error();
  return key->public_armored;
}

}  // namespace cvdhub::app
