#include "web/mail_pages.hpp"

#include <memory>

#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using http::Request;
using http::Response;

class MailPages {
 public:
  explicit MailPages(app::Services& s) : s_(s), kit_(s) {}

  static void Register(const std::shared_ptr<MailPages>& self, http::Router& r) {
    auto bind = [self](Response (MailPages::*fn)(Request&)) {
      return [self, fn](Request& req) { return ((*self).*fn)(req); };
    };
    r.Add("GET", "/mail/quarantine", bind(&MailPages::Quarantine));
    r.Add("GET", "/mail/inbound/:id", bind(&MailPages::Message));
    r.Add("GET", "/mail/inbound/:id/raw", bind(&MailPages::Raw));
    r.Add("GET", "/mail/attachments/:id", bind(&MailPages::Attachment));
    r.Add("POST", "/mail/inbound/:id/report", bind(&MailPages::Release));
    r.Add("POST", "/mail/inbound/:id/dismiss", bind(&MailPages::Dismiss));
  }

 private:
  mstch::map Row(const Page& page, const store::InboundMessage& m) {
    return {{"id", S(std::to_string(m.id))},
            {"received", S(app::FormatJst(m.received_at))},
            {"from", S(m.from_name.empty() ? m.from_email : m.from_name + " <" + m.from_email + ">")},
            {"subject", S(m.subject)},
            {"reason", S(m.reason.empty() ? std::string() : kit_.T(page, "mail.reason." + m.reason))},
            {"detail", S(m.detail)},
            {"signature", S(kit_.T(page, "mail.signature." + m.signature))},
            {"signature_class", S(m.signature)},
            {"encrypted", m.encrypted},
            {"size", S(std::to_string(m.raw_size))}};
  }

  Response Quarantine(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto list = s_.mail.Quarantine(page.caller.actor);
    if (!list) return kit_.ErrorPage(page, list.error());
    mstch::array rows;
    for (const auto& m : *list) rows.push_back(Row(page, m));
    return kit_.Html(page, 200, "mail_quarantine", "mail.quarantine.title",
                     {{"messages", rows}, {"empty", rows.empty()}});
  }

  Response Message(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return kit_.ErrorPage(page, id.error());
    auto view = s_.mail.ViewInbound(page.caller.actor, *id);
    if (!view) return kit_.ErrorPage(page, view.error());
    const auto& m = view->message;
    mstch::map ctx = Row(page, m);
    ctx["body"] = S(m.body);
    ctx["signer"] = S(m.signer);
    ctx["signature_detail"] = S(m.signature_detail);
    ctx["disposition"] = S(std::string(store::InboundDispositionName(m.disposition)));
    ctx["reference"] = S(m.reference);
    ctx["quarantined"] = m.disposition == store::InboundDisposition::kQuarantined;
    ctx["message_id"] = S(m.message_id);
    mstch::array attachments;
    for (const auto& a : view->attachments) {
      attachments.push_back(mstch::map{{"id", S(std::to_string(a.id))},
                                       {"filename", S(a.filename)},
                                       {"size", S(std::to_string(a.size))},
                                       {"sha256", S(a.sha256)}});
    }
    ctx["attachments"] = attachments;
    return kit_.Html(page, 200, "mail_message", "mail.inbound.title", std::move(ctx));
  }

  Response Raw(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return kit_.ErrorPage(page, id.error());
    auto raw = s_.mail.InboundRaw(page.caller.actor, *id);
    if (!raw) return kit_.ErrorPage(page, raw.error());
    // A download, never rendered: mail content must not run in our origin.
    Response r{.status = 200, .body = std::move(*raw)};
    r.Set("Content-Type", "application/octet-stream");
    r.Set("Content-Disposition", "attachment; filename=\"message-" + std::to_string(*id) + ".eml\"");
    return r;
  }

  Response Attachment(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return kit_.ErrorPage(page, id.error());
    auto file = s_.mail.InboundAttachment(page.caller.actor, *id);
    if (!file) return kit_.ErrorPage(page, file.error());
    Response r{.status = 200, .body = std::move(file->second)};
    r.Set("Content-Type", "application/octet-stream");
    r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + http::PercentEncode(file->first.filename));
    return r;
  }

  Response Release(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return kit_.ErrorPage(page, id.error());
    auto r = s_.mail.ReleaseAsReport(page.caller.actor, *id);
    if (!r) return kit_.ErrorPage(page, r.error());
    const std::string report_id = r->reference.substr(r->reference.find(':') + 1);
    return Response::Redirect("/reports/" + report_id + "?notice=mail_released");
  }

  Response Dismiss(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return kit_.ErrorPage(page, id.error());
    if (auto st = s_.mail.Dismiss(page.caller.actor, *id); !st) return kit_.ErrorPage(page, st.error());
    return Response::Redirect("/mail/quarantine?notice=mail_dismissed");
  }

  app::Services& s_;
  PageKit kit_;
};

}  // namespace

void RegisterMailPages(http::Router& router, app::Services& services) {
  MailPages::Register(std::make_shared<MailPages>(services), router);
}

}  // namespace cvdhub::web
