#include "http/mail_api.hpp"

#include <nlohmann/json.hpp>

#include "app/context.hpp"
#include "http/api_util.hpp"
#include "http/forms.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<domain::Timestamp>& t) {
  return t ? json(app::FormatIsoUtc(*t)) : json(nullptr);
}

json InboundJson(const store::InboundMessage& m, bool with_body) {
  json needs = json::array();
  std::size_t pos = 0;
  while (pos < m.needs_review.size()) {
    std::size_t comma = m.needs_review.find(',', pos);
    if (comma == std::string::npos) comma = m.needs_review.size();
    needs.push_back(m.needs_review.substr(pos, comma - pos));
    pos = comma + 1;
  }
  json j = {{"id", m.id},
            {"message_id", m.message_id},
            {"received_at", app::FormatIsoUtc(m.received_at)},
            {"from_email", m.from_email},
            {"from_name", m.from_name},
            {"subject", m.subject},
            {"disposition", store::InboundDispositionName(m.disposition)},
            {"reference", m.reference},
            {"reason", m.reason},
            {"detail", m.detail},
            {"encrypted", m.encrypted},
            {"signature", {{"state", m.signature}, {"signer", m.signer}, {"detail", m.signature_detail}}},
            {"needs_review", needs},
            {"size", m.raw_size},
            {"handled_at", TimeOrNull(m.handled_at)}};
  if (with_body) j["body"] = m.body;
  return j;
}

json DeliveryJson(const app::DeliveryRecord& r) {
  return {{"id", r.id},
          {"message_id", r.message_id},
          {"kind", r.kind},
          {"reference", r.reference},
          {"to", r.to_email},
          {"subject", r.subject},
          {"status", r.status},
          {"attempts", r.attempts},
          {"encrypted", r.encrypted},
          {"signed", r.signed_},
          {"confidential", r.confidential},
          {"last_error", r.last_error},
          {"created_at", app::FormatIsoUtc(r.created_at)},
          {"sent_at", TimeOrNull(r.sent_at)},
          {"failed_at", TimeOrNull(r.failed_at)},
          {"next_attempt_at", TimeOrNull(r.next_attempt_at)}};
}

json IngestJson(const app::IngestResult& r) {
  return {{"inbound_id", r.inbound_id},
          {"disposition", store::InboundDispositionName(r.disposition)},
          {"reference", r.reference},
          {"detail", r.detail},
          {"duplicate", r.duplicate}};
}

}  // namespace

void RegisterMailApi(Router& router, app::Services& s) {
  // The coordinator's OpenPGP public key, for finders and vendors to encrypt to us.
  router.Add("GET", "/pgp-key.asc", [&s](Request&) {
    auto key = s.mail.CoordinatorPublicKey();
    if (!key) return ErrorJson(key.error());
    Response r{.status = 200, .body = std::move(*key)};
    r.Set("Content-Type", "application/pgp-keys");
    r.Set("Content-Disposition", "inline; filename=\"pgp-key.asc\"");
    r.Set("Cache-Control", "public, max-age=3600");
    return r;
  });

  router.Add("GET", "/api/v1/mail/quarantine", Authed(s, false, [&s](Request&, const app::Actor& a) {
    auto list = s.mail.Quarantine(a);
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& m : *list) out.push_back(InboundJson(m, false));
    return Ok(200, {{"messages", out}});
  }));

  router.Add("GET", "/api/v1/mail/inbound", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto list = s.mail.Inbound(a, std::string(req.Query("reference")));
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& m : *list) out.push_back(InboundJson(m, false));
    return Ok(200, {{"messages", out}});
  }));

  router.Add("GET", "/api/v1/mail/inbound/:id", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto view = s.mail.ViewInbound(a, *id);
    if (!view) return ErrorJson(view.error());
    json j = InboundJson(view->message, true);
    j["attachments"] = json::array();
    for (const auto& att : view->attachments) {
      j["attachments"].push_back({{"id", att.id}, {"filename", att.filename}, {"content_type", att.content_type},
                                  {"size", att.size}, {"sha256", att.sha256}});
    }
    return Ok(200, j);
  }));

  router.Add("GET", "/api/v1/mail/inbound/:id/raw", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto raw = s.mail.InboundRaw(a, *id);
    if (!raw) return ErrorJson(raw.error());
    // Always a download: mail content must not render in our origin.
    Response r{.status = 200, .body = std::move(*raw)};
    r.Set("Content-Type", "application/octet-stream");
    r.Set("Content-Disposition", "attachment; filename=\"message-" + std::to_string(*id) + ".eml\"");
    return r;
  }));

  router.Add("GET", "/api/v1/mail/attachments/:id", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto file = s.mail.InboundAttachment(a, *id);
    if (!file) return ErrorJson(file.error());
    Response r{.status = 200, .body = std::move(file->second)};
    r.Set("Content-Type", "application/octet-stream");
    r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + PercentEncode(file->first.filename));
    r.Set("X-Content-SHA256", file->first.sha256);
    return r;
  }));

  router.Add("POST", "/api/v1/mail/inbound/:id/dismiss", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    if (auto st = s.mail.Dismiss(a, *id); !st) return ErrorJson(st.error());
    return Ok(200, {{"disposition", "dismissed"}});
  }));

  router.Add("POST", "/api/v1/mail/inbound/:id/report", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto r = s.mail.ReleaseAsReport(a, *id);
    if (!r) return ErrorJson(r.error());
    return Ok(200, IngestJson(*r));
  }));

  // Delivery status per recipient; ?reference=report:12 narrows it (case:3 includes case:3:vendor:7).
  router.Add("GET", "/api/v1/mail/outbox", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto list = s.mail.Deliveries(a, std::string(req.Query("reference")));
    if (!list) return ErrorJson(list.error());
    auto counts = s.mail.OutboxCounts(a);
    if (!counts) return ErrorJson(counts.error());
    json out = json::array();
    for (const auto& r : *list) out.push_back(DeliveryJson(r));
    json c = json::object();
    for (const auto& [status, n] : *counts) c[status] = n;
    return Ok(200, {{"messages", out}, {"counts", c}});
  }));

  router.Add("GET", "/api/v1/mail/keys", Authed(s, false, [&s](Request&, const app::Actor& a) {
    auto keys = s.mail.Keys(a);
    if (!keys) return ErrorJson(keys.error());
    json out = json::array();
    for (const auto& k : *keys) {
      out.push_back({{"email", k.email}, {"fingerprint", k.fingerprint}, {"user_ids", k.user_ids},
                     {"updated_at", app::FormatIsoUtc(k.updated_at)}});
    }
    return Ok(200, {{"keys", out}});
  }));

  // Registers a recipient's public key: {"email": …, "key": "-----BEGIN PGP PUBLIC KEY BLOCK-----…"}.
  router.Add("PUT", "/api/v1/mail/keys", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto email = OptString(*body, "email");
    auto key = OptString(*body, "key");
    if (!email) return ErrorJson(email.error());
    if (!key) return ErrorJson(key.error());
    if (auto st = s.mail.SetKey(a, *email, *key); !st) return ErrorJson(st.error());
    return Ok(200, {{"email", *email}, {"status", "registered"}});
  }));
}

}  // namespace cvdhub::http
