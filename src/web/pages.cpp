#include "web/pages.hpp"

#include <charconv>
#include <memory>

#include <spdlog/spdlog.h>

#include "app/security.hpp"
#include "formats/report_json.hpp"
#include "http/auth.hpp"
#include "http/forms.hpp"
#include "util/embedded.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::Language;
using http::Request;
using http::Response;

class Pages {
 public:
  explicit Pages(app::Services& s) : s_(s), kit_(s) {}

  // Adds the routes; they keep `self` alive as long as the router lives.
  static void Register(const std::shared_ptr<Pages>& self, http::Router& r);

 private:
  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }

  Response Home(Request& req);
  Response LoginForm(Request& req);
  Response Login(Request& req);
  Response Logout(Request& req);
  Response RegisterForm(Request& req);
  Response RegisterPost(Request& req);
  Response SwitchLanguage(Request& req);
  Response NewReportForm(Request& req);
  Response SubmitReport(Request& req);
  Response MyReports(Request& req);
  Response ShowReport(Request& req);
  Response PostMessage(Request& req);
  Response AddAttachment(Request& req);
  Response DownloadAttachment(Request& req);
  Response Queue(Request& req);
  Response Acknowledge(Request& req);
  Response Accept(Request& req);
  Response Decline(Request& req);
  Response SetPriority(Request& req);
  Response SsvcHelper(Request& req);
  Response Stylesheet(Request& req);
  Response NotFound(Request& req);

  mstch::map ReportForm(const Page& page, const domain::ReportSubmission* s);
  mstch::map ReportSummary(const Page& page, const domain::Report& r, bool overdue);

  app::Services& s_;
  PageKit kit_;
};

Response Pages::Home(Request& req) {
  BEGIN_PAGE(kit_, req);
  return kit_.Html(page, 200, "home", "home.title", {});
}

Response Pages::LoginForm(Request& req) {
  BEGIN_PAGE(kit_, req);
  return kit_.Html(page, 200, "login", "login.title", {{"next", S(std::string(req.Query("next")))}});
}

Response Pages::Login(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto login = s_.accounts.Login(page.Field("email"), page.Field("password"), req.remote_address);
  if (!login) {
    const int status = http::HttpStatus(login.error().code);
    return kit_.Html(page, status, "login", "login.title",
                {{"error", S(T(page, login.error().code == ErrorCode::kRateLimited ? "login.rate_limited"
                                                                                  : "login.failed"))},
                 {"email", S(page.Field("email"))},
                 {"next", S(page.Field("next"))}});
  }
  Response r = Response::Redirect(SafeNext(page.Field("next")));
  r.Set("Set-Cookie", http::SessionCookie(login->session_token, s_.ctx.config.secure_cookies,
                                          static_cast<long>(s_.ctx.config.session_ttl.count())));
  return r;
}

Response Pages::Logout(Request& req) {
  BEGIN_PAGE(kit_, req);
  const auto cookies = http::ParseCookies(req.Header("cookie"));
  if (auto it = cookies.find(http::kSessionCookie); it != cookies.end()) (void)s_.accounts.Logout(it->second);
  Response r = Response::Redirect("/");
  r.Set("Set-Cookie", http::ExpiredCookie(http::kSessionCookie, s_.ctx.config.secure_cookies));
  return r;
}

Response Pages::RegisterForm(Request& req) {
  BEGIN_PAGE(kit_, req);
  return kit_.Html(page, 200, "register", "register.title", {});
}

Response Pages::RegisterPost(Request& req) {
  BEGIN_PAGE(kit_, req);
  const auto lang = domain::ParseLanguage(page.Field("language")).value_or(page.pc.lang);
  auto user = s_.accounts.RegisterFinder(page.Field("email"), page.Field("display_name"), page.Field("password"), lang);
  if (!user) {
    return kit_.Html(page, http::HttpStatus(user.error().code), "register", "register.title",
                {{"error", S(kit_.ErrorText(page, user.error()))},
                 {"email", S(page.Field("email"))},
                 {"display_name", S(page.Field("display_name"))}});
  }
  auto login = s_.accounts.Login(page.Field("email"), page.Field("password"), req.remote_address);
  if (!login) return Response::Redirect("/login");
  Response r = Response::Redirect("/reports/new");
  r.Set("Set-Cookie", http::SessionCookie(login->session_token, s_.ctx.config.secure_cookies,
                                          static_cast<long>(s_.ctx.config.session_ttl.count())));
  return r;
}

Response Pages::SwitchLanguage(Request& req) {
  const auto lang = domain::ParseLanguage(req.Query("to"));
  Response r = Response::Redirect(SafeNext(std::string(req.Query("back"))));
  if (lang) {
    r.Set("Set-Cookie", std::string(http::kLanguageCookie) + "=" + std::string(domain::LanguageCode(*lang)) +
                            "; Path=/; SameSite=Strict; Max-Age=31536000");
  }
  return r;
}

mstch::map Pages::ReportForm(const Page& page, const domain::ReportSubmission* s) {
  domain::ReportSubmission empty;
  if (s == nullptr) {
    empty.language = page.pc.lang;
    if (page.pc.user) empty.finder_name = page.pc.user->display_name;
    s = &empty;
  }
  return {
      {"kind_software", s->kind == domain::ReportKind::kSoftware},
      {"kind_website", s->kind == domain::ReportKind::kWebsite},
      {"title_value", S(s->title)},
      {"product_name", S(s->product_name)},
      {"product_version", S(s->product_version)},
      {"product_url", S(s->product_url)},
      {"discovery_method", S(s->discovery_method)},
      {"tools_used", S(s->tools_used)},
      {"reproduction", S(s->reproduction)},
      {"impact", S(s->impact)},
      {"publicly_known", s->publicly_known},
      {"public_reference", S(s->public_reference)},
      {"time_constraints", S(s->time_constraints)},
      {"vendor_contacted", s->vendor_contacted},
      {"vendor_contact_details", S(s->vendor_contact_details)},
      {"finder_name", S(s->finder_name)},
      {"finder_contact", S(s->finder_contact)},
      {"wants_credit", s->wants_credit},
      {"credit_name", S(s->credit_name)},
      {"lang_ja", s->language == Language::kJa},
      {"lang_en", s->language == Language::kEn},
      {"max_attachment_mib", S(std::to_string(s_.ctx.config.max_attachment >> 20))},
  };
}

Response Pages::NewReportForm(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  return kit_.Html(page, 200, "report_form", "report_form.title", ReportForm(page, nullptr));
}

Response Pages::SubmitReport(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  domain::ReportSubmission s;
  s.kind = page.Field("kind") == "website" ? domain::ReportKind::kWebsite : domain::ReportKind::kSoftware;
  s.title = page.Field("title");
  s.product_name = page.Field("product_name");
  s.product_version = page.Field("product_version");
  s.product_url = page.Field("product_url");
  s.discovery_method = page.Field("discovery_method");
  s.tools_used = page.Field("tools_used");
  s.reproduction = page.Field("reproduction");
  s.impact = page.Field("impact");
  s.publicly_known = page.Checked("publicly_known");
  s.public_reference = page.Field("public_reference");
  s.time_constraints = page.Field("time_constraints");
  s.vendor_contacted = page.Checked("vendor_contacted");
  s.vendor_contact_details = page.Field("vendor_contact_details");
  s.finder_name = page.Field("finder_name");
  s.finder_contact = page.Field("finder_contact");
  s.wants_credit = page.Checked("wants_credit");
  s.credit_name = page.Field("credit_name");
  s.language = domain::ParseLanguage(page.Field("language")).value_or(page.pc.lang);
  std::vector<domain::AttachmentUpload> uploads;
  for (auto& f : page.files) {
    uploads.push_back({*f.filename, http::MediaType(f.content_type), std::move(f.data)});
  }
  auto report = s_.reports.Submit(page.caller.actor, s, uploads);
  if (!report) {
    // Re-show the form with everything the finder typed: nothing is lost.
    mstch::map ctx = ReportForm(page, &s);
    ctx["error"] = S(kit_.ErrorText(page, report.error()));
    ctx["error_field"] = S(report.error().field);
    return kit_.Html(page, http::HttpStatus(report.error().code), "report_form", "report_form.title", std::move(ctx));
  }
  return Response::Redirect("/reports/" + std::to_string(report->id) + "?notice=submitted");
}

mstch::map Pages::ReportSummary(const Page& page, const domain::Report& r, bool overdue) {
  const std::string status(domain::ReportStatusName(r.status));
  return {
      {"id", S(std::to_string(r.id))},
      {"intake_number", S(r.intake_number)},
      {"title", S(r.submission.title)},
      {"kind", S(T(page, "kind." + std::string(domain::ReportKindName(r.submission.kind))))},
      {"status", S(T(page, "status." + status))},
      {"status_class", S(status)},
      {"received", S(app::FormatJst(r.received_at))},
      {"ack_deadline", S(formats::IsoDate(r.ack_deadline))},
      {"overdue", overdue},
      {"acknowledged", r.acknowledged_at.has_value()},
      {"priority", S(std::to_string(r.priority.Score()))},
      {"case_identifier", S(r.case_identifier)},
  };
}

Response Pages::MyReports(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto list = s_.reports.ListOwn(page.caller.actor);
  if (!list) return kit_.ErrorPage(page, list.error());
  const auto today = app::JstDate(s_.ctx.clock.Now());
  mstch::array rows;
  for (const auto& r : *list) rows.push_back(ReportSummary(page, r, domain::IsAckOverdue(r, today)));
  return kit_.Html(page, 200, "my_reports", "my_reports.title", {{"reports", rows}, {"empty", rows.empty()}});
}

Response Pages::ShowReport(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  auto view = s_.reports.View(page.caller.actor, *id);
  if (!view) return kit_.ErrorPage(page, view.error());
  const auto& r = view->report;
  const auto& sub = r.submission;
  mstch::map ctx = ReportSummary(page, r, view->ack_overdue);
  const bool staff = domain::IsStaff(page.caller.actor.user->role);
  const bool open = r.status == domain::ReportStatus::kReceived || r.status == domain::ReportStatus::kAcknowledged;
  const bool can_triage = app::Authorize(page.caller.actor, app::Action::kTriageReport).ok();
  mstch::array fields;
  auto field = [&](const std::string& key, const std::string& value) {
    if (!value.empty()) fields.push_back(mstch::map{{"label", S(T(page, "field." + key))}, {"value", S(value)}});
  };
  field("product_name", sub.product_name);
  field("product_version", sub.product_version);
  field("product_url", sub.product_url);
  field("discovery_method", sub.discovery_method);
  field("tools_used", sub.tools_used);
  field("reproduction", sub.reproduction);
  field("impact", sub.impact);
  field("publicly_known", T(page, sub.publicly_known ? "yes" : "no"));
  field("public_reference", sub.public_reference);
  field("time_constraints", sub.time_constraints);
  field("vendor_contacted", T(page, sub.vendor_contacted ? "yes" : "no"));
  field("vendor_contact_details", sub.vendor_contact_details);
  field("finder_name", sub.finder_name);
  field("finder_contact", sub.finder_contact);
  field("credit", sub.wants_credit ? sub.credit_name : T(page, "no"));
  field("language", sub.language == Language::kJa ? "日本語" : "English");
  if (r.decline_reason) {
    field("decline_reason", T(page, "decline." + std::string(domain::DeclineReasonName(*r.decline_reason))));
  }
  field("decision_note", r.decision_note);
  ctx["fields"] = fields;
  ctx["report_id"] = S(std::to_string(r.id));
  // A website report's non-disclosure runs from the report to the fix (B; app/website.hpp).
  if (auto nd = s_.website.NonDisclosureOf(page.caller.actor, r.id); nd && *nd) {
    const auto& n = **nd;
    ctx["nondisclosure"] = mstch::map{
        {"running", n.period.running && !n.closed_without_fix},
        {"closed_without_fix", n.closed_without_fix},
        {"ended", S(n.period.ended_on ? s_.ctx.catalog.Format(page.pc.lang, "website.nondisclosure.ended",
                                                              {{"date", domain::FormatDate(*n.period.ended_on)}})
                                      : std::string())}};
  }

  mstch::array attachments;
  for (const auto& a : view->attachments) {
    attachments.push_back(mstch::map{{"id", S(std::to_string(a.id))},
                                     {"filename", S(a.filename)},
                                     {"size", S(std::to_string(a.size))},
                                     {"sha256", S(a.sha256)}});
  }
  ctx["attachments"] = attachments;
  mstch::array messages;
  for (const auto& m : view->messages) {
    messages.push_back(mstch::map{{"author", S(m.author_name)},
                                  {"role", S(T(page, "role." + std::string(domain::RoleName(m.author_role))))},
                                  {"at", S(app::FormatJst(m.created_at))},
                                  {"body", S(m.body)},
                                  {"staff", domain::IsStaff(m.author_role)}});
  }
  ctx["messages"] = messages;
  mstch::array history;
  for (const auto& e : view->history) {
    history.push_back(mstch::map{{"at", S(app::FormatJst(e.at))},
                                 {"actor", S(e.actor_name)},
                                 {"action", S(T(page, "event." + e.action))},
                                 {"field", S(e.field)},
                                 {"from", S(e.from_value)},
                                 {"to", S(e.to_value)}});
  }
  ctx["history"] = history;
  ctx["staff"] = staff;
  ctx["can_triage"] = can_triage && open;
  ctx["can_acknowledge"] = can_triage && r.status == domain::ReportStatus::kReceived;
  ctx["prio_wide"] = r.priority.wide_effect_japan;
  ctx["prio_ci"] = r.priority.critical_infrastructure;
  ctx["prio_large"] = r.priority.large_user_base;
  mstch::array reasons;
  for (auto reason : domain::AllDeclineReasons()) {
    const std::string name(domain::DeclineReasonName(reason));
    reasons.push_back(mstch::map{{"value", S(name)}, {"label", S(T(page, "decline." + name))}});
  }
  ctx["decline_reasons"] = reasons;
  ctx["max_attachment_mib"] = S(std::to_string(s_.ctx.config.max_attachment >> 20));
  // Mail about this report, per recipient (staff only; Deliveries authorises).
  if (auto deliveries = s_.mail.Deliveries(page.caller.actor, "report:" + std::to_string(r.id))) {
    mstch::array rows;
    for (const auto& d : *deliveries) {
      rows.push_back(mstch::map{{"to", S(d.to_email)},
                                {"kind", S(d.kind)},
                                {"status", S(T(page, "mail.status." + d.status))},
                                {"status_class", S(d.status)},
                                {"attempts", S(std::to_string(d.attempts))},
                                {"encrypted", d.encrypted},
                                {"signed", d.signed_},
                                {"detail", S(d.last_error)},
                                {"at", S(app::FormatJst(d.sent_at.value_or(d.failed_at.value_or(d.created_at))))}});
    }
    ctx["show_deliveries"] = true;
    ctx["deliveries"] = rows;
    ctx["no_deliveries"] = rows.empty();
  }
  return kit_.Html(page, 200, "report", "report.title", std::move(ctx));
}

Response Pages::PostMessage(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  auto m = s_.reports.PostMessage(page.caller.actor, *id, page.Field("body"));
  if (!m) return kit_.ErrorPage(page, m.error());
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=message_posted#thread");
}

Response Pages::AddAttachment(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  if (page.files.empty()) return kit_.ErrorPage(page, Error::Invalid("attachment", T(page, "error.no_file")));
  for (auto& f : page.files) {
    auto a = s_.reports.AddAttachment(page.caller.actor, *id,
                                      {*f.filename, http::MediaType(f.content_type), std::move(f.data)});
    if (!a) return kit_.ErrorPage(page, a.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=attachment_added");
}

Response Pages::DownloadAttachment(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  auto aid = ParseId(req.Param("aid"));
  if (!id || !aid) return kit_.ErrorPage(page, Error::NotFound());
  auto file = s_.reports.DownloadAttachment(page.caller.actor, *id, *aid);
  if (!file) return kit_.ErrorPage(page, file.error());
  // Always a download, never rendered: a PoC must not run in our origin.
  Response r{.status = 200, .body = std::move(file->second)};
  r.Set("Content-Type", "application/octet-stream");
  r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + http::PercentEncode(file->first.filename));
  return r;
}

Response Pages::Queue(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto items = s_.triage.Queue(page.caller.actor);
  if (!items) return kit_.ErrorPage(page, items.error());
  mstch::array rows;
  int overdue = 0;
  for (const auto& item : *items) {
    mstch::map row = ReportSummary(page, item.report, item.ack_overdue);
    row["days_left"] = S(std::to_string(item.business_days_left));
    row["prio_wide"] = item.report.priority.wide_effect_japan;
    row["prio_ci"] = item.report.priority.critical_infrastructure;
    row["prio_large"] = item.report.priority.large_user_base;
    overdue += item.ack_overdue ? 1 : 0;
    rows.push_back(std::move(row));
  }
  return kit_.Html(page, 200, "queue", "queue.title",
              {{"reports", rows}, {"empty", rows.empty()}, {"overdue_count", S(std::to_string(overdue))},
               {"any_overdue", overdue > 0}});
}

Response Pages::Acknowledge(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  if (auto st = s_.triage.Acknowledge(page.caller.actor, *id, page.Field("note")); !st) {
    return kit_.ErrorPage(page, st.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=acknowledged");
}

Response Pages::Accept(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  std::optional<domain::ReportSource> source = domain::ParseReportSource(page.Field("source"));
  auto c = s_.triage.Accept(page.caller.actor, *id, page.Field("note"), source);
  if (!c) return kit_.ErrorPage(page, c.error());
  // A website report stays with the receiving organisation: on to its website case (PROCESS §6).
  if (c->track == domain::CaseTrack::kWebsite) {
    return Response::Redirect("/website/cases/" + std::to_string(c->id) + "?notice=accepted");
  }
  // The report is now the coordinators' (PROCESS §1): back to the queue.
  return Response::Redirect("/queue?notice=accepted");
}

Response Pages::Decline(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  auto reason = domain::ParseDeclineReason(page.Field("reason"));
  if (!reason) return kit_.ErrorPage(page, Error::Invalid("reason", T(page, "error.reason_required")));
  if (auto st = s_.triage.Decline(page.caller.actor, *id, *reason, page.Field("note")); !st) {
    return kit_.ErrorPage(page, st.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=declined");
}

Response Pages::SetPriority(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return kit_.ErrorPage(page, id.error());
  const domain::PriorityFlags flags{.wide_effect_japan = page.Checked("wide_effect_japan"),
                                    .critical_infrastructure = page.Checked("critical_infrastructure"),
                                    .large_user_base = page.Checked("large_user_base")};
  if (auto st = s_.triage.SetPriority(page.caller.actor, *id, flags); !st) return kit_.ErrorPage(page, st.error());
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=priority_saved");
}

// The SSVC coordinator-triage helper: one select per decision point; the
// answers travel in the query string, so the result can be linked.
Response Pages::SsvcHelper(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto table = s_.triage.SsvcTable(page.caller.actor);
  if (!table) return kit_.ErrorPage(page, table.error());
  std::map<std::string, std::string> answers;
  mstch::array points;
  bool complete = true;
  for (const auto& p : (*table)->decision_points()) {
    const std::string chosen(req.Query(p.name));
    if (chosen.empty()) {
      complete = false;
    } else {
      answers.emplace(p.name, chosen);
    }
    mstch::array options;
    for (const auto& v : p.values) {
      options.push_back(mstch::map{{"value", S(v)}, {"selected", v == chosen}});
    }
    std::string slug = p.name;
    for (char& c : slug) c = c == ' ' ? '-' : c;
    points.push_back(mstch::map{{"name", S(p.name)}, {"slug", S(slug)}, {"version", S(p.version)}, {"options", options}});
  }
  mstch::map ctx{{"points", points}};
  if (complete) {
    auto outcome = (*table)->Decide(answers);
    if (outcome) {
      ctx["outcome"] = S(*outcome);
      ctx["outcome_label"] = S(T(page, "ssvc.outcome." + *outcome));
    } else {
      ctx["error"] = S(kit_.ErrorText(page, outcome.error()));
    }
  }
  return kit_.Html(page, 200, "ssvc", "ssvc.title", std::move(ctx));
}

Response Pages::Stylesheet(Request&) {
  Response r{.status = 200, .body = std::string(embedded::Find("static/app.css").value_or(""))};
  r.Set("Content-Type", "text/css; charset=utf-8");
  r.Set("Cache-Control", "public, max-age=3600");
  return r;
}

Response Pages::NotFound(Request& req) {
  if (req.path.starts_with("/api/")) {
    return http::ErrorJson(Error::NotFound("no such endpoint"));
  }
  Page page;
  page.pc.lang = i18n::NegotiateLanguage(req.Header("accept-language"), Language::kJa);
  return kit_.Html(page, 404, "error", "error.title", {{"message", S(T(page, "error.not_found"))}});
}

void Pages::Register(const std::shared_ptr<Pages>& self, http::Router& r) {
  auto bind = [self](Response (Pages::*fn)(Request&)) {
    return [self, fn](Request& req) { return ((*self).*fn)(req); };
  };
  r.Add("GET", "/", bind(&Pages::Home));
  r.Add("GET", "/login", bind(&Pages::LoginForm));
  r.Add("POST", "/login", bind(&Pages::Login));
  r.Add("POST", "/logout", bind(&Pages::Logout));
  r.Add("GET", "/register", bind(&Pages::RegisterForm));
  r.Add("POST", "/register", bind(&Pages::RegisterPost));
  r.Add("GET", "/lang", bind(&Pages::SwitchLanguage));
  r.Add("GET", "/reports/new", bind(&Pages::NewReportForm));
  r.Add("POST", "/reports", bind(&Pages::SubmitReport));
  r.Add("GET", "/reports", bind(&Pages::MyReports));
  r.Add("GET", "/reports/:id", bind(&Pages::ShowReport));
  r.Add("POST", "/reports/:id/messages", bind(&Pages::PostMessage));
  r.Add("POST", "/reports/:id/attachments", bind(&Pages::AddAttachment));
  r.Add("GET", "/reports/:id/attachments/:aid", bind(&Pages::DownloadAttachment));
  r.Add("POST", "/reports/:id/acknowledge", bind(&Pages::Acknowledge));
  r.Add("POST", "/reports/:id/accept", bind(&Pages::Accept));
  r.Add("POST", "/reports/:id/decline", bind(&Pages::Decline));
  r.Add("POST", "/reports/:id/priority", bind(&Pages::SetPriority));
  r.Add("GET", "/queue", bind(&Pages::Queue));
  r.Add("GET", "/triage/ssvc", bind(&Pages::SsvcHelper));
  r.Add("GET", "/static/app.css", bind(&Pages::Stylesheet));
  r.SetNotFound(bind(&Pages::NotFound));
}

}  // namespace

void RegisterPages(http::Router& router, app::Services& services) {
  Pages::Register(std::make_shared<Pages>(services), router);
}

}  // namespace cvdhub::web
