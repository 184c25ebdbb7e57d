#include "http/api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "domain/cvss.hpp"
#include "formats/report_json.hpp"
#include "http/api_util.hpp"
#include "http/auth.hpp"
#include "http/forms.hpp"
#include "util/embedded.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;

json ReportViewJson(const app::ReportView& v) {
  json j = formats::ReportToJson(v.report);
  j["ack_overdue"] = v.ack_overdue;
  j["attachments"] = json::array();
  for (const auto& a : v.attachments) j["attachments"].push_back(formats::AttachmentToJson(a));
  j["messages"] = json::array();
  for (const auto& m : v.messages) j["messages"].push_back(formats::MessageToJson(m));
  j["history"] = json::array();
  for (const auto& e : v.history) j["history"].push_back(formats::EventToJson(e));
  return j;
}

}  // namespace

void RegisterApi(Router& router, app::Services& s) {
  router.Add("GET", "/healthz", [&s](Request&) {
    return s.ctx.store.Healthy() ? Response::Json(200, R"({"status":"ok"})")
                                 : Response::Json(503, R"({"status":"unavailable"})");
  });

  router.Add("GET", "/api/v1/openapi.json", [](Request&) {
    auto doc = embedded::Find("static/openapi.json");
    return Response::Json(200, std::string(doc.value_or("{}")));
  });

  // Finder self-registration.
  router.Add("POST", "/api/v1/users", [&s](Request& req) {
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto email = OptString(*body, "email");
    auto password = OptString(*body, "password");
    auto name = OptString(*body, "display_name");
    auto lang = OptString(*body, "language");
    for (auto* r : {&email, &password, &name, &lang}) {
      if (!*r) return ErrorJson(r->error());
    }
    auto language = lang->empty() ? domain::Language::kJa : domain::ParseLanguage(*lang).value_or(domain::Language::kJa);
    auto user = s.accounts.RegisterFinder(*email, *name, *password, language);
    if (!user) return ErrorJson(user.error());
    return Ok(201, {{"id", user->id}, {"email", user->email}, {"role", domain::RoleName(user->role)}});
  });

  // Exchange e-mail and password for an API token (rate limited like log-in).
  router.Add("POST", "/api/v1/tokens", [&s](Request& req) {
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto email = OptString(*body, "email");
    auto password = OptString(*body, "password");
    auto name = OptString(*body, "name");
    for (auto* r : {&email, &password, &name}) {
      if (!*r) return ErrorJson(r->error());
    }
    auto login = s.accounts.Login(*email, *password, req.remote_address);
    if (!login) return ErrorJson(login.error());
    // The session made by Login is not needed for API use.
    (void)s.accounts.Logout(login->session_token);
    app::Actor actor{login->user};
    auto token = s.accounts.IssueApiToken(actor, name->empty() ? "api" : *name);
    if (!token) return ErrorJson(token.error());
    return Ok(201, {{"token", *token}, {"user_id", login->user.id}});
  });

  router.Add("GET", "/api/v1/me", Authed(s, false, [](Request&, const app::Actor& a) {
    return Ok(200, {{"id", a.user->id},
                    {"email", a.user->email},
                    {"display_name", a.user->display_name},
                    {"role", domain::RoleName(a.user->role)},
                    {"language", domain::LanguageCode(a.user->language)}});
  }));

  router.Add("POST", "/api/v1/reports", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    if (MediaType(req.Header("content-type")) != "application/json") {
      return ErrorJson({ErrorCode::kUnsupportedMediaType, "Content-Type must be application/json", "content-type", {}});
    }
    // Attachments travel base64-encoded inside the JSON: allow for them.
    const std::size_t limit = s.ctx.config.max_json_body + s.ctx.config.max_attachment * 4 / 3 + 4096;
    if (req.body.size() > limit) {
      return ErrorJson({ErrorCode::kTooLarge, "request body is larger than " + std::to_string(limit) + " bytes", "body", {}});
    }
    auto parsed = formats::ParseSubmissionJson(req.body);
    if (!parsed) return ErrorJson(parsed.error());
    auto report = s.reports.Submit(a, std::move(parsed->submission), parsed->attachments);
    if (!report) return ErrorJson(report.error());
    json j = formats::ReportToJson(*report);
    Response r = Ok(201, j);
    r.Set("Location", "/api/v1/reports/" + std::to_string(report->id));
    return r;
  }));

  // A finder's own reports; intake staff get the open queue.
  router.Add("GET", "/api/v1/reports", Authed(s, false, [&s](Request&, const app::Actor& a) {
    json out = json::array();
    if (a.user->role == domain::Role::kFinder) {
      auto list = s.reports.ListOwn(a);
      if (!list) return ErrorJson(list.error());
      for (const auto& r : *list) out.push_back(formats::ReportToJson(r));
    } else {
      auto queue = s.triage.Queue(a);
      if (!queue) return ErrorJson(queue.error());
      for (const auto& item : *queue) {
        json j = formats::ReportToJson(item.report);
        j["ack_overdue"] = item.ack_overdue;
        j["business_days_left"] = item.business_days_left;
        out.push_back(std::move(j));
      }
    }
    return Ok(200, {{"reports", out}});
  }));

  router.Add("GET", "/api/v1/reports/:id", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto view = s.reports.View(a, *id);
    if (!view) return ErrorJson(view.error());
    return Ok(200, ReportViewJson(*view));
  }));

  router.Add("POST", "/api/v1/reports/:id/messages", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto text = OptString(*body, "body");
    if (!text) return ErrorJson(text.error());
    auto m = s.reports.PostMessage(a, *id, *text);
    if (!m) return ErrorJson(m.error());
    return Ok(201, formats::MessageToJson(*m));
  }));

  // Raw upload: the body is the file; ?filename= names it.
  router.Add("POST", "/api/v1/reports/:id/attachments", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    if (req.body.size() > s.ctx.config.max_attachment) {
      return ErrorJson({ErrorCode::kTooLarge,
                        "attachment is larger than " + std::to_string(s.ctx.config.max_attachment) + " bytes",
                        "attachment", {}});
    }
    domain::AttachmentUpload up{std::string(req.Query("filename")), std::string(MediaType(req.Header("content-type"))),
                                req.body};
    auto att = s.reports.AddAttachment(a, *id, up);
    if (!att) return ErrorJson(att.error());
    return Ok(201, formats::AttachmentToJson(*att));
  }));

  router.Add("GET", "/api/v1/reports/:id/attachments/:aid", Authed(s, false, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    auto aid = IdParam(req, "aid");
    if (!id || !aid) return ErrorJson(Error::NotFound());
    auto file = s.reports.DownloadAttachment(a, *id, *aid);
    if (!file) return ErrorJson(file.error());
    Response r{.status = 200, .body = std::move(file->second)};
    r.Set("Content-Type", "application/octet-stream");
    r.Set("Content-Disposition", "attachment; filename*=UTF-8''" + PercentEncode(file->first.filename));
    r.Set("X-Content-SHA256", file->first.sha256);
    return r;
  }));

  router.Add("POST", "/api/v1/reports/:id/acknowledge", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto note = OptString(*body, "note");
    if (!note) return ErrorJson(note.error());
    if (auto st = s.triage.Acknowledge(a, *id, *note); !st) return ErrorJson(st.error());
    return Ok(200, {{"status", "acknowledged"}});
  }));

  router.Add("POST", "/api/v1/reports/:id/accept", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto note = OptString(*body, "note");
    auto source = OptString(*body, "source");
    if (!note) return ErrorJson(note.error());
    if (!source) return ErrorJson(source.error());
    std::optional<domain::ReportSource> src;
    if (!source->empty()) {
      src = domain::ParseReportSource(*source);
      if (!src) return ErrorJson(Error::Invalid("source", "source must be partnership, overseas_coordinator or direct"));
    }
    auto c = s.triage.Accept(a, *id, *note, src);
    if (!c) return ErrorJson(c.error());
    return Ok(200, {{"status", "accepted"},
                    {"case", {{"id", c->id}, {"identifier", c->identifier}, {"track", domain::CaseTrackName(c->track)}}}});
  }));

  router.Add("POST", "/api/v1/reports/:id/decline", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    auto note = OptString(*body, "note");
    auto reason = OptString(*body, "reason");
    if (!note) return ErrorJson(note.error());
    if (!reason) return ErrorJson(reason.error());
    auto r = domain::ParseDeclineReason(*reason);
    if (!r) return ErrorJson(Error::Invalid("reason", "reason must be one of the policy's decline reasons"));
    if (auto st = s.triage.Decline(a, *id, *r, *note); !st) return ErrorJson(st.error());
    return Ok(200, {{"status", "declined"}});
  }));

  router.Add("PUT", "/api/v1/reports/:id/priority", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(id.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    if (!body->is_object()) return ErrorJson(Error::Invalid("body", "the body must be a JSON object"));
    domain::PriorityFlags flags;
    for (const auto& [key, value] : body->items()) {
      bool* target = key == "wide_effect_japan"         ? &flags.wide_effect_japan
                     : key == "critical_infrastructure" ? &flags.critical_infrastructure
                     : key == "large_user_base"         ? &flags.large_user_base
                                                        : nullptr;
      if (target == nullptr) return ErrorJson(Error::Invalid(key, "unknown field '" + key + "'"));
      if (!value.is_boolean()) return ErrorJson(Error::Invalid(key, key + " must be true or false"));
      *target = value.get<bool>();
    }
    if (auto st = s.triage.SetPriority(a, *id, flags); !st) return ErrorJson(st.error());
    return Ok(200, {{"status", "ok"}});
  }));

  // The SSVC coordinator-triage helper: the decision points, and a decision.
  router.Add("GET", "/api/v1/ssvc/coordinator-triage", Authed(s, false, [&s](Request&, const app::Actor& a) {
    auto table = s.triage.SsvcTable(a);
    if (!table) return ErrorJson(table.error());
    json points = json::array();
    for (const auto& p : (*table)->decision_points()) {
      points.push_back({{"name", p.name}, {"version", p.version}, {"values", p.values}});
    }
    return Ok(200, {{"decision_points", points}, {"outcomes", (*table)->outcome().values}});
  }));

  router.Add("POST", "/api/v1/ssvc/coordinator-triage", Authed(s, true, [&s](Request& req, const app::Actor& a) {
    auto table = s.triage.SsvcTable(a);
    if (!table) return ErrorJson(table.error());
    auto body = ReadJsonBody(req, s.ctx.config);
    if (!body) return ErrorJson(body.error());
    if (!body->is_object()) return ErrorJson(Error::Invalid("body", "the body must be a JSON object of answers"));
    std::map<std::string, std::string> answers;
    for (const auto& [key, value] : body->items()) {
      if (!value.is_string()) return ErrorJson(Error::Invalid(key, key + " must be a string"));
      answers.emplace(key, value.get<std::string>());
    }
    auto outcome = (*table)->Decide(answers);
    if (!outcome) return ErrorJson(outcome.error());
    return Ok(200, {{"outcome", *outcome}});
  }));

  // The Japanese business-day calendar (public data).
  router.Add("GET", "/api/v1/calendar/holidays/:year", [&s](Request& req) {
    auto year = IdParam(req, "year");
    if (!year || *year < domain::kFirstCalendarYear || *year > domain::kLastCalendarYear) {
      return ErrorJson(Error::Invalid("year", "year must be between " + std::to_string(domain::kFirstCalendarYear) +
                                                  " and " + std::to_string(domain::kLastCalendarYear)));
    }
    json out = json::array();
    for (const auto& h : s.ctx.calendar.Holidays(static_cast<int>(*year))) {
      out.push_back({{"date", domain::FormatDate(h.date)}, {"name_ja", h.name_ja}, {"name_en", h.name_en}});
    }
    return Ok(200, {{"year", *year}, {"holidays", out}});
  });

  // CVSS v3.1 / v4.0 base score of a vector (FIRST's specifications).
  router.Add("GET", "/api/v1/cvss", [](Request& req) {
    auto score = domain::ScoreCvss(req.Query("vector"));
    if (!score) return ErrorJson(score.error());
    return Ok(200, {{"vector", score->vector}, {"base_score", score->base_score}, {"severity", score->severity}});
  });
}

}  // namespace cvdhub::http
