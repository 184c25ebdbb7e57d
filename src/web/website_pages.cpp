#include "web/website_pages.hpp"

#include <functional>
#include <memory>

#include "domain/calendar.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::WebsiteCase;
using http::Request;
using http::Response;

std::string Str(std::int64_t n) { return std::to_string(n); }
std::string When(const std::optional<domain::Timestamp>& t) { return t ? app::FormatJst(*t) : std::string(); }

class WebsitePages {
 public:
  explicit WebsitePages(app::Services& s) : s_(s), kit_(s) {}

  static void Register(const std::shared_ptr<WebsitePages>& self, http::Router& r) {
    auto bind = [self](Response (WebsitePages::*fn)(Request&)) {
      return [self, fn](Request& req) { return ((*self).*fn)(req); };
    };
    r.Add("GET", "/website/cases", bind(&WebsitePages::List));
    r.Add("GET", "/website/cases/:id", bind(&WebsitePages::Show));
    r.Add("POST", "/website/cases/:id/contact", bind(&WebsitePages::Contact));
    r.Add("POST", "/website/cases/:id/notify", bind(&WebsitePages::Notify));
    r.Add("POST", "/website/cases/:id/operator", bind(&WebsitePages::Invite));
    r.Add("POST", "/website/cases/:id/reminder", bind(&WebsitePages::Remind));
    r.Add("POST", "/website/cases/:id/due", bind(&WebsitePages::Due));
    r.Add("POST", "/website/cases/:id/verification", bind(&WebsitePages::Verification));
    r.Add("POST", "/website/cases/:id/fix", bind(&WebsitePages::Fix));
    r.Add("POST", "/website/cases/:id/publication", bind(&WebsitePages::Publication));
    r.Add("POST", "/website/cases/:id/messages", bind(&WebsitePages::Message));
    r.Add("POST", "/website/cases/:id/close", bind(&WebsitePages::Close));
    r.Add("GET", "/website/invite/:token", bind(&WebsitePages::InviteForm));
    r.Add("POST", "/website/invite/:token", bind(&WebsitePages::InviteAccept));
    r.Add("GET", "/website/notices", bind(&WebsitePages::Notices));
    r.Add("GET", "/cases/:id/low-impact", bind(&WebsitePages::LowImpactForm));
    r.Add("POST", "/cases/:id/low-impact", bind(&WebsitePages::LowImpactClose));
  }

 private:
  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }

  std::string DaysLeft(const Page& page, const domain::WebsiteClock& c) const {
    if (!c.due) return {};
    if (c.days_left < 0) {
      return s_.ctx.catalog.Format(page.pc.lang, "website.clock.days_over", {{"n", Str(-c.days_left)}});
    }
    return s_.ctx.catalog.Format(page.pc.lang, "website.clock.days_left", {{"n", Str(c.days_left)}});
  }

  Response Fail(Page& page, const Error& e) {
    if (e.code == ErrorCode::kNotFound) return kit_.ErrorPage(page, Error::NotFound(T(page, "error.not_found")));
    return kit_.ErrorPage(page, e);
  }

  // A form's failure: the page says what is wrong and links back; nothing was changed.
  Response FormError(Page& page, const Error& e, const std::string& back) {
    if (e.code == ErrorCode::kUnauthenticated || e.code == ErrorCode::kInternal || e.code == ErrorCode::kNotFound) {
      return Fail(page, e);
    }
    return kit_.Html(page, http::HttpStatus(e.code), "form_error", "form_error.title",
                     {{"message", S(kit_.ErrorText(page, e))}, {"field", S(e.field)}, {"back", S(back)}});
  }

  using Act = std::function<Status(const Page&, domain::CaseId)>;
  // A POST on one website case: runs `act`, then back to the case with a notice.
  Response CaseForm(Request& req, const char* notice, const char* anchor, const Act& act) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return Fail(page, id.error());
    const std::string path = "/website/cases/" + Str(*id);
    if (auto st = act(page, *id); !st) return FormError(page, st.error(), path + "#" + anchor);
    return Response::Redirect(path + "?notice=" + notice + "#" + anchor);
  }

  Response List(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto rows = s_.website.List(page.caller.actor);
    if (!rows) return Fail(page, rows.error());
    mstch::array cases;
    int overdue = 0, due_soon = 0;
    for (const auto& r : *rows) {
      const bool is_overdue = r.clock.state == domain::ClockState::kOverdue;
      const bool is_due_soon = r.clock.state == domain::ClockState::kDueSoon;
      overdue += is_overdue;
      due_soon += is_due_soon;
      const std::string stage(domain::WebsiteStageName(r.stage));
      cases.push_back(mstch::map{
          {"id", S(Str(r.w.case_id))},
          {"identifier", S(r.w.identifier)},
          {"site_name", S(r.w.site_name)},
          {"site_url", S(r.w.site_url)},
          {"stage", S(stage)},
          {"stage_label", S(T(page, "website.stage." + stage))},
          {"notified", S(When(r.w.notified_at))},
          {"due", S(r.clock.due ? domain::FormatDate(*r.clock.due) : "")},
          {"days_left", S(r.clock.due && r.clock.state != domain::ClockState::kStopped ? Str(r.clock.days_left) : "")},
          {"overdue", is_overdue},
          {"due_soon", is_due_soon},
      });
    }
    const bool staff = domain::IsStaff(page.caller.actor.user->role);
    return kit_.Html(page, 200, "website_cases", "website.list.title",
                     {{"cases", cases},
                      {"empty", cases.empty()},
                      {"staff", staff},
                      {"any_overdue", overdue > 0},
                      {"overdue_count", S(Str(overdue))},
                      {"any_due_soon", due_soon > 0},
                      {"due_soon_count", S(Str(due_soon))}});
  }

  Response Show(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return Fail(page, id.error());
    auto v = s_.website.View(page.caller.actor, *id);
    if (!v) return Fail(page, v.error());
    const WebsiteCase& w = v->w;
    const std::string stage(domain::WebsiteStageName(v->stage));
    const bool open = !w.closed_at;
    const bool notified = w.notified_at.has_value();
    mstch::map ctx{
        {"id", S(Str(w.case_id))},
        {"identifier", S(w.identifier)},
        {"title", S(w.title)},
        {"site_url", S(w.site_url)},
        {"site_name", S(w.site_name)},
        {"stage", S(stage)},
        {"stage_label", S(T(page, "website.stage." + stage))},
        {"staff", v->staff},
        {"closed", !open},
        {"closed_at", S(When(w.closed_at))},
        {"close_reason", S(w.close_reason)},
        {"has_clock", v->clock.due.has_value()},
        {"due", S(v->clock.due ? domain::FormatDate(*v->clock.due) : "")},
        {"days_left_text", S(v->clock.state == domain::ClockState::kStopped ? "" : DaysLeft(page, v->clock))},
        {"overdue", v->clock.state == domain::ClockState::kOverdue},
        {"due_soon", v->clock.state == domain::ClockState::kDueSoon},
        {"attention", v->clock.state == domain::ClockState::kOverdue || v->clock.state == domain::ClockState::kDueSoon},
        {"stopped", v->clock.state == domain::ClockState::kStopped},
        {"notified", S(When(w.notified_at))},
        {"channel_label", S(T(page, "website.channel." + std::string(domain::NotifyChannelName(w.notify_channel))))},
        {"details", S(w.details)},
        {"verification_label",
         S(T(page, "website.verification." + std::string(domain::VerificationName(w.verification))))},
        {"verified_at", S(When(w.verified_at))},
        {"fixed_at", S(When(w.fixed_at))},
        {"finder_told_at", S(When(w.finder_told_at))},
        {"publication_label",
         S(T(page, "website.publication." + std::string(domain::PublicationChoiceName(w.publication))))},
        {"publication_url", S(w.publication_url)},
        {"publication_summary", S(w.publication_summary)},
        {"publish_chosen", w.publication == domain::PublicationChoice::kPublish},
        {"reminder_sent_at", S(When(w.reminder_sent_at))},
        // What the viewer may do now (the app decides again on submit).
        {"can_answer", open && notified},
        {"can_verify", open && notified && !w.fixed_at},
        {"can_fix", open && notified && !w.fixed_at},
        {"can_publish", notified},
        {"can_post", open},
    };
    if (v->staff) {
      ctx["intake_number"] = S(v->intake_number);
      ctx["report_id"] = S(Str(w.report_id));
      ctx["has_contact"] = w.contact.source != domain::ContactSource::kNone;
      ctx["contact_name"] = S(w.contact.name);
      ctx["contact_email"] = S(w.contact.email);
      ctx["contact_phone"] = S(w.contact.phone);
      ctx["contact_source_note"] = S(w.contact.source_note);
      ctx["contact_recorded_at"] = S(When(w.contact.recorded_at));
      ctx["source_label"] = S(T(page, "website.source." + std::string(domain::ContactSourceName(w.contact.source))));
      ctx["source_published"] = w.contact.source != domain::ContactSource::kFound;
      ctx["source_found"] = w.contact.source == domain::ContactSource::kFound;
      ctx["can_contact"] = open;
      ctx["can_notify"] = domain::CheckCanNotify(w, domain::NotifyChannel::kOther).ok();
      ctx["default_details"] = S(w.details);
      ctx["can_invite"] = open && !w.contact.email.empty();
      ctx["invitation_open"] = !w.invite_token_hash.empty();
      ctx["can_remind"] = open && notified && !w.fixed_at;
      ctx["can_close"] = open;
      mstch::array accounts;
      for (const auto& email : v->operator_accounts) accounts.push_back(mstch::map{{"email", S(email)}});
      ctx["operator_accounts"] = accounts;
      ctx["has_operator_accounts"] = !accounts.empty();
      mstch::array history;
      for (const auto& e : v->history) {
        history.push_back(mstch::map{{"at", S(app::FormatJst(e.at))},
                                     {"actor", S(e.actor_name)},
                                     {"action", S(T(page, "event." + e.action))},
                                     {"field", S(e.field)},
                                     {"from", S(e.from_value)},
                                     {"to", S(e.to_value)}});
      }
      ctx["history"] = history;
    }
    mstch::array messages;
    for (const auto& m : v->messages) {
      messages.push_back(mstch::map{{"author", S(m.author_name)},
                                    {"role", S(T(page, "role." + std::string(domain::RoleName(m.author_role))))},
                                    {"at", S(app::FormatJst(m.created_at))},
                                    {"body", S(m.body)},
                                    {"on_behalf", m.on_behalf},
                                    {"from_staff", domain::IsStaff(m.author_role)}});
    }
    ctx["messages"] = messages;
    return kit_.Html(page, 200, "website_case", "website.case.title", std::move(ctx));
  }

  Response Contact(Request& req) {
    return CaseForm(req, "website_contact_saved", "contact", [this](const Page& p, domain::CaseId id) -> Status {
      auto source = domain::ParseContactSource(p.Field("source"));
      if (!source || *source == domain::ContactSource::kNone) {
        return Error::Invalid("source", "say where the contact comes from: published by the site, or found");
      }
      return s_.website.SetContact(p.caller.actor, id,
                                   {.name = p.Field("name"), .email = p.Field("email"), .phone = p.Field("phone"),
                                    .source = *source, .source_note = p.Field("source_note")},
                                   p.Field("site_name"));
    });
  }

  Response Notify(Request& req) {
    return CaseForm(req, "website_notified", "notify", [this](const Page& p, domain::CaseId id) -> Status {
      auto channel = domain::ParseNotifyChannel(p.Field("channel"));
      if (!channel) return Error::Invalid("channel", "channel must be mail, post, phone or other");
      return s_.website.Notify(p.caller.actor, id, *channel, p.Field("details"));
    });
  }

  Response Invite(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return Fail(page, id.error());
    auto inv = s_.website.InviteOperator(page.caller.actor, *id);
    if (!inv) return FormError(page, inv.error(), "/website/cases/" + Str(*id) + "#operator");
    auto v = s_.website.View(page.caller.actor, *id);
    if (!v) return Fail(page, v.error());
    // The link is shown once, here; it went to the operator's mailbox as well.
    return kit_.Html(page, 200, "website_invite_link", "website.invite_link.title",
                     {{"admitted", inv->admitted},
                      {"email", S(v->w.contact.email)},
                      {"link", S(inv->link)},
                      {"case_id", S(Str(*id))}});
  }

  Response Remind(Request& req) {
    return CaseForm(req, "website_reminded", "clock-actions", [this](const Page& p, domain::CaseId id) {
      return s_.website.Remind(p.caller.actor, id);
    });
  }

  Response Due(Request& req) {
    return CaseForm(req, "website_due_changed", "clock-actions", [this](const Page& p, domain::CaseId id) -> Status {
      auto due = domain::ParseDate(p.Field("due"), "due");
      if (!due) return due.error();
      return s_.website.ExtendDue(p.caller.actor, id, *due, p.Field("reason"));
    });
  }

  Response Verification(Request& req) {
    return CaseForm(req, "website_answer_saved", "answers", [this](const Page& p, domain::CaseId id) -> Status {
      auto result = domain::ParseVerification(p.Field("result"));
      if (!result) return Error::Invalid("result", "result must be confirmed or not_reproduced");
      return s_.website.ReportVerification(p.caller.actor, id, *result, p.Field("note"));
    });
  }

  Response Fix(Request& req) {
    return CaseForm(req, "website_fixed", "answers", [this](const Page& p, domain::CaseId id) {
      return s_.website.ReportFix(p.caller.actor, id, p.Field("note"));
    });
  }

  Response Publication(Request& req) {
    return CaseForm(req, "website_answer_saved", "answers", [this](const Page& p, domain::CaseId id) -> Status {
      auto choice = domain::ParsePublicationChoice(p.Field("choice"));
      if (!choice) return Error::Invalid("choice", "choice must be publish or not_publish");
      // "Not publishing" carries no address: an address left in the field is not the operator's announcement.
      const bool publish = *choice == domain::PublicationChoice::kPublish;
      return s_.website.ChoosePublication(p.caller.actor, id, *choice, publish ? p.Field("url") : "",
                                          publish ? p.Field("summary") : "");
    });
  }

  Response Message(Request& req) {
    return CaseForm(req, "website_message_posted", "thread", [this](const Page& p, domain::CaseId id) -> Status {
      auto m = s_.website.Post(p.caller.actor, id, p.Field("body"), p.Checked("on_behalf"));
      if (!m) return m.error();
      return {};
    });
  }

  Response Close(Request& req) {
    return CaseForm(req, "website_closed", "close", [this](const Page& p, domain::CaseId id) {
      return s_.website.Close(p.caller.actor, id, p.Field("reason"));
    });
  }

  Response InviteForm(Request& req) {
    BEGIN_PAGE(kit_, req);
    const std::string token(req.Param("token"));
    auto site = s_.website.InvitationSite(token);
    if (!site) return Fail(page, site.error());
    return kit_.Html(page, 200, "website_invite", "website.invite.title",
                     {{"token", S(http::PercentEncode(token))}, {"site", S(*site)}});
  }

  Response InviteAccept(Request& req) {
    BEGIN_PAGE(kit_, req);
    const std::string token(req.Param("token"));
    const auto lang = domain::ParseLanguage(page.Field("language")).value_or(page.pc.lang);
    auto user = s_.website.AcceptInvite(token, page.Field("display_name"), page.Field("password"), lang);
    if (!user) {
      if (user.error().code == ErrorCode::kNotFound) return Fail(page, user.error());
      auto site = s_.website.InvitationSite(token);
      return kit_.Html(page, http::HttpStatus(user.error().code), "website_invite", "website.invite.title",
                       {{"token", S(http::PercentEncode(token))},
                        {"site", S(site ? *site : std::string())},
                        {"error", S(kit_.ErrorText(page, user.error()))},
                        {"display_name", S(page.Field("display_name"))}});
    }
    auto login = s_.accounts.Login(user->email, page.Field("password"), req.remote_address);
    if (!login) return Response::Redirect("/login?next=%2Fwebsite%2Fcases");
    Response r = Response::Redirect("/website/cases?notice=website_joined");
    r.Set("Set-Cookie", http::SessionCookie(login->session_token, s_.ctx.config.secure_cookies,
                                            static_cast<long>(s_.ctx.config.session_ttl.count())));
    return r;
  }

  Response Notices(Request& req) {
    BEGIN_PAGE(kit_, req);
    auto notices = s_.website.PublicNotices();
    if (!notices) return Fail(page, notices.error());
    mstch::array rows;
    for (const auto& n : *notices) {
      rows.push_back(mstch::map{{"site_name", S(n.site_name.empty() ? n.site_url : n.site_name)},
                                {"site_url", S(n.site_url)},
                                {"url", S(n.announcement_url)},
                                {"summary", S(n.summary)},
                                {"fixed_on", S(domain::FormatDate(n.fixed_on))}});
    }
    return kit_.Html(page, 200, "website_notices", "website.notices.title",
                     {{"notices", rows}, {"empty", rows.empty()}});
  }

  Response LowImpactForm(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return Fail(page, id.error());
    auto p = s_.low_impact.Preview(page.caller.actor, *id);
    if (!p) return Fail(page, p.error());
    auto join = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
      return out;
    };
    return kit_.Html(page, 200, "lowimpact", "lowimpact.title",
                     {{"case_id", S(Str(*id))},
                      {"identifier", S(p->c.identifier)},
                      {"closed", p->closed},
                      {"has_details", p->has_details},
                      {"has_vendors", !p->vendors.empty()},
                      {"vendors", S(join(p->vendors))},
                      {"has_skipped", !p->skipped.empty()},
                      {"skipped", S(join(p->skipped))}});
  }

  Response LowImpactClose(Request& req) {
    BEGIN_PAGE(kit_, req);
    if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
    auto id = ParseId(req.Param("id"));
    if (!id) return Fail(page, id.error());
    if (auto st = s_.low_impact.Close(page.caller.actor, *id, page.Field("reason")); !st) {
      return FormError(page, st.error(), "/cases/" + Str(*id) + "/low-impact");
    }
    return Response::Redirect("/cases/" + Str(*id) + "?notice=lowimpact_closed");
  }

  app::Services& s_;
  PageKit kit_;
};

}  // namespace

void RegisterWebsitePages(http::Router& router, app::Services& services) {
  WebsitePages::Register(std::make_shared<WebsitePages>(services), router);
}

}  // namespace cvdhub::web
