#include "web/pages.hpp"

#include <charconv>
#include <memory>

#include <spdlog/spdlog.h>

#include "app/security.hpp"
#include "formats/report_json.hpp"
#include "http/auth.hpp"
#include "http/forms.hpp"
#include "util/embedded.hpp"
#include "web/view.hpp"

namespace cvdhub::web {
namespace {

using domain::Language;
using http::Request;
using http::Response;

// One request's view of the world: who asks, in what language, with what form.
struct Page {
  http::Caller caller;
  PageContext pc;
  std::multimap<std::string, std::string> form;
  std::vector<http::FormPart> files;
  std::string set_cookie;  // the pre-session CSRF cookie, when newly made

  std::string Field(const std::string& name) const {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  }
  bool Checked(const std::string& name) const { return form.contains(name); }
};

class Pages {
 public:
  explicit Pages(app::Services& s) : s_(s), view_(s.ctx.catalog) {}

  // Adds the routes; they keep `self` alive as long as the router lives.
  static void Register(const std::shared_ptr<Pages>& self, http::Router& r);

 private:
  // Builds the Page: identifies the caller, picks the language, parses a form
  // body (url-encoded or multipart) and, for POST, checks the CSRF token.
  Result<Page> Begin(const Request& req);
  Response Html(Page& page, int status, const std::string& tmpl, const std::string& title_key, mstch::map ctx);
  Response ErrorPage(Page& page, const Error& error);
  Response RequireLogin(const Request& req);
  std::string T(const Page& page, const std::string& key) const {
    return std::string(s_.ctx.catalog.Get(page.pc.lang, key));
  }

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
  View view_;
};

Result<std::int64_t> ParseId(std::string_view text) {
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || ptr != text.data() + text.size() || id <= 0) return Error::NotFound("not found");
  return id;
}

std::string UrlPath(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == '/' ) {
      out += c;
    } else {
      out += http::PercentEncode(std::string_view(&c, 1));
    }
  }
  return out;
}

Result<Page> Pages::Begin(const Request& req) {
  Page page;
  page.caller = http::Identify(req, s_.accounts);
  const auto cookies = http::ParseCookies(req.Header("cookie"));
  Language fallback = Language::kJa;
  if (page.caller.actor.user) fallback = page.caller.actor.user->language;
  auto lang_cookie = cookies.find(http::kLanguageCookie);
  if (lang_cookie != cookies.end() && domain::ParseLanguage(lang_cookie->second)) {
    page.pc.lang = *domain::ParseLanguage(lang_cookie->second);
  } else {
    page.pc.lang = i18n::NegotiateLanguage(req.Header("accept-language"), fallback);
  }
  page.pc.user = page.caller.actor.user;
  page.pc.path = UrlPath(req.path);
  if (page.caller.csrf_token.empty()) {
    // Before log-in: a double-submit token in a SameSite=Strict cookie.
    page.caller.csrf_token = app::RandomToken(24);
    page.set_cookie = std::string(http::kPreSessionCsrfCookie) + "=" + page.caller.csrf_token +
                      "; Path=/; HttpOnly; SameSite=Strict" + (s_.ctx.config.secure_cookies ? "; Secure" : "");
  }
  page.pc.csrf = page.caller.csrf_token;
  if (!req.Query("notice").empty()) {
    // Only known confirmations are shown; the query text itself never is.
    const std::string key = "notice." + std::string(req.Query("notice"));
    const auto text = s_.ctx.catalog.Get(page.pc.lang, key);
    if (text != key) page.pc.notice = std::string(text);
  }

  if (req.method == "POST") {
    const std::string type = http::MediaType(req.Header("content-type"));
    if (type == "application/x-www-form-urlencoded") {
      auto form = http::ParseUrlEncoded(req.body);
      if (!form) return form.error();
      page.form = std::move(*form);
    } else if (type == "multipart/form-data") {
      auto boundary = http::MultipartBoundary(req.Header("content-type"));
      if (!boundary) return boundary.error();
      auto parts = http::ParseMultipart(req.body, *boundary);
      if (!parts) return parts.error();
      for (auto& p : *parts) {
        if (p.filename) {
          if (!p.filename->empty()) page.files.push_back(std::move(p));
        } else {
          page.form.emplace(p.name, std::move(p.data));
        }
      }
    } else {
      return Error{ErrorCode::kUnsupportedMediaType, "unsupported form encoding", "content-type", {}};
    }
    // Every form carries the CSRF token; a fresh pre-session token cannot match.
    if (!page.set_cookie.empty()) return Error::Forbidden("the form has expired; reload the page and try again");
    if (auto st = http::CheckCsrf(req, page.caller, page.Field("csrf")); !st) return st.error();
  }
  return page;
}

Response Pages::Html(Page& page, int status, const std::string& tmpl, const std::string& title_key,
                     mstch::map ctx) {
  Response r = Response::Html(status, view_.Render(tmpl, title_key, std::move(ctx), page.pc));
  if (!page.set_cookie.empty()) r.Set("Set-Cookie", page.set_cookie);
  r.Set("Content-Language", std::string(domain::LanguageCode(page.pc.lang)));
  r.Set("Vary", "Cookie, Accept-Language");
  return r;
}

Response Pages::ErrorPage(Page& page, const Error& error) {
  const int status = http::HttpStatus(error.code);
  if (error.code == ErrorCode::kUnauthenticated) {
    return Response::Redirect("/login?next=" + http::PercentEncode(page.pc.path));
  }
  if (error.code == ErrorCode::kInternal) {
    spdlog::error("internal error: {}", error.internal);  // the viewer sees only a generic message
    return Html(page, 500, "error", "error.title", {{"message", S(T(page, "error.internal"))}});
  }
  return Html(page, status, "error", "error.title",
              {{"message", S(error.message)}, {"field", S(error.field)}});
}

Response Pages::RequireLogin(const Request& req) {
  return Response::Redirect("/login?next=" + http::PercentEncode(UrlPath(req.path)));
}

#define BEGIN_PAGE(req)                                                   \
  auto begun = Begin(req);                                                \
  if (!begun) {                                                           \
    Page fallback_page;                                                   \
    fallback_page.pc.path = UrlPath((req).path);                          \
    return ErrorPage(fallback_page, begun.error());                       \
  }                                                                       \
  [[maybe_unused]] Page& page = *begun

Response Pages::Home(Request& req) {
  BEGIN_PAGE(req);
  return Html(page, 200, "home", "home.title", {});
}

Response Pages::LoginForm(Request& req) {
  BEGIN_PAGE(req);
  return Html(page, 200, "login", "login.title", {{"next", S(std::string(req.Query("next")))}});
}

// Only local paths may follow a log-in (no open redirect).
std::string SafeNext(const std::string& next) {
  if (next.empty() || next.front() != '/' || next.starts_with("//") || next.find('\\') != std::string::npos) {
    return "/";
  }
  return next;
}

Response Pages::Login(Request& req) {
  BEGIN_PAGE(req);
  auto login = s_.accounts.Login(page.Field("email"), page.Field("password"), req.remote_address);
  if (!login) {
    const int status = http::HttpStatus(login.error().code);
    return Html(page, status, "login", "login.title",
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
  BEGIN_PAGE(req);
  const auto cookies = http::ParseCookies(req.Header("cookie"));
  if (auto it = cookies.find(http::kSessionCookie); it != cookies.end()) (void)s_.accounts.Logout(it->second);
  Response r = Response::Redirect("/");
  r.Set("Set-Cookie", http::ExpiredCookie(http::kSessionCookie, s_.ctx.config.secure_cookies));
  return r;
}

Response Pages::RegisterForm(Request& req) {
  BEGIN_PAGE(req);
  return Html(page, 200, "register", "register.title", {});
}

Response Pages::RegisterPost(Request& req) {
  BEGIN_PAGE(req);
  const auto lang = domain::ParseLanguage(page.Field("language")).value_or(page.pc.lang);
  auto user = s_.accounts.RegisterFinder(page.Field("email"), page.Field("display_name"), page.Field("password"), lang);
  if (!user) {
    return Html(page, http::HttpStatus(user.error().code), "register", "register.title",
                {{"error", S(user.error().message)},
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
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  return Html(page, 200, "report_form", "report_form.title", ReportForm(page, nullptr));
}

Response Pages::SubmitReport(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
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
    ctx["error"] = S(report.error().message);
    ctx["error_field"] = S(report.error().field);
    return Html(page, http::HttpStatus(report.error().code), "report_form", "report_form.title", std::move(ctx));
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
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto list = s_.reports.ListOwn(page.caller.actor);
  if (!list) return ErrorPage(page, list.error());
  const auto today = app::JstDate(s_.ctx.clock.Now());
  mstch::array rows;
  for (const auto& r : *list) rows.push_back(ReportSummary(page, r, domain::IsAckOverdue(r, today)));
  return Html(page, 200, "my_reports", "my_reports.title", {{"reports", rows}, {"empty", rows.empty()}});
}

Response Pages::ShowReport(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  auto view = s_.reports.View(page.caller.actor, *id);
  if (!view) return ErrorPage(page, view.error());
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
  return Html(page, 200, "report", "report.title", std::move(ctx));
}

Response Pages::PostMessage(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  auto m = s_.reports.PostMessage(page.caller.actor, *id, page.Field("body"));
  if (!m) return ErrorPage(page, m.error());
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=message_posted#thread");
}

Response Pages::AddAttachment(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  if (page.files.empty()) return ErrorPage(page, Error::Invalid("attachment", T(page, "error.no_file")));
  for (auto& f : page.files) {
    auto a = s_.reports.AddAttachment(page.caller.actor, *id,
                                      {*f.filename, http::MediaType(f.content_type), std::move(f.data)});
    if (!a) return ErrorPage(page, a.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=attachment_added");
}

Response Pages::DownloadAttachment(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  auto aid = ParseId(req.Param("aid"));
  if (!id || !aid) return ErrorPage(page, Error::NotFound());
  auto file = s_.reports.DownloadAttachment(page.caller.actor, *id, *aid);
  if (!file) return ErrorPage(page, file.error());
  // Always a download, never rendered: a PoC must not run in our origin.
  Response r{.status = 200, .body = std::move(file->second)};
  r.Set("Content-Type", "application/octet-stream");
  r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + http::PercentEncode(file->first.filename));
  return r;
}

Response Pages::Queue(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto items = s_.triage.Queue(page.caller.actor);
  if (!items) return ErrorPage(page, items.error());
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
  return Html(page, 200, "queue", "queue.title",
              {{"reports", rows}, {"empty", rows.empty()}, {"overdue_count", S(std::to_string(overdue))},
               {"any_overdue", overdue > 0}});
}

Response Pages::Acknowledge(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  if (auto st = s_.triage.Acknowledge(page.caller.actor, *id, page.Field("note")); !st) {
    return ErrorPage(page, st.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=acknowledged");
}

Response Pages::Accept(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  std::optional<domain::ReportSource> source = domain::ParseReportSource(page.Field("source"));
  auto c = s_.triage.Accept(page.caller.actor, *id, page.Field("note"), source);
  if (!c) return ErrorPage(page, c.error());
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=accepted");
}

Response Pages::Decline(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  auto reason = domain::ParseDeclineReason(page.Field("reason"));
  if (!reason) return ErrorPage(page, Error::Invalid("reason", T(page, "error.reason_required")));
  if (auto st = s_.triage.Decline(page.caller.actor, *id, *reason, page.Field("note")); !st) {
    return ErrorPage(page, st.error());
  }
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=declined");
}

Response Pages::SetPriority(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return ErrorPage(page, id.error());
  const domain::PriorityFlags flags{.wide_effect_japan = page.Checked("wide_effect_japan"),
                                    .critical_infrastructure = page.Checked("critical_infrastructure"),
                                    .large_user_base = page.Checked("large_user_base")};
  if (auto st = s_.triage.SetPriority(page.caller.actor, *id, flags); !st) return ErrorPage(page, st.error());
  return Response::Redirect("/reports/" + std::to_string(*id) + "?notice=priority_saved");
}

// The SSVC coordinator-triage helper: one select per decision point; the
// answers travel in the query string, so the result can be linked.
Response Pages::SsvcHelper(Request& req) {
  BEGIN_PAGE(req);
  if (page.caller.actor.IsAnonymous()) return RequireLogin(req);
  auto table = s_.triage.SsvcTable(page.caller.actor);
  if (!table) return ErrorPage(page, table.error());
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
      ctx["error"] = S(outcome.error().message);
    }
  }
  return Html(page, 200, "ssvc", "ssvc.title", std::move(ctx));
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
  return Html(page, 404, "error", "error.title", {{"message", S(T(page, "error.not_found"))}});
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
