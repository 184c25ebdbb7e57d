#include "http/website_api.hpp"

#include <nlohmann/json.hpp>

#include "domain/calendar.hpp"
#include "formats/report_json.hpp"
#include "http/api_util.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;

json OptTime(const std::optional<domain::Timestamp>& t) {
  return t ? json(formats::IsoUtc(*t)) : json(nullptr);
}

json OptDate(const std::optional<std::chrono::sys_days>& d) {
  return d ? json(domain::FormatDate(*d)) : json(nullptr);
}

json ClockJson(const domain::WebsiteClock& c) {
  return {{"state", domain::ClockStateName(c.state)},
          {"due", OptDate(c.due)},
          {"days_left", c.due ? json(c.days_left) : json(nullptr)},
          {"overdue", c.state == domain::ClockState::kOverdue}};
}

// The record as its reader may see it: the operator gets no invitation, history or accounts.
json CaseJson(const domain::WebsiteCase& w, domain::WebsiteStage stage, const domain::WebsiteClock& clock) {
  return {{"id", w.case_id},
          {"identifier", w.identifier},
          {"title", w.title},
          {"stage", domain::WebsiteStageName(stage)},
          {"status", w.case_status},
          {"created_at", formats::IsoUtc(w.created_at)},
          {"site_url", w.site_url},
          {"site_name", w.site_name},
          {"contact",
           {{"name", w.contact.name},
            {"email", w.contact.email},
            {"phone", w.contact.phone},
            {"source", domain::ContactSourceName(w.contact.source)},
            {"source_note", w.contact.source_note},
            {"recorded_at", OptTime(w.contact.recorded_at)}}},
          {"details", w.details},
          {"notified_at", OptTime(w.notified_at)},
          {"notify_channel", w.notified_at ? json(domain::NotifyChannelName(w.notify_channel)) : json(nullptr)},
          {"clock", ClockJson(clock)},
          {"verification", domain::VerificationName(w.verification)},
          {"verification_note", w.verification_note},
          {"verified_at", OptTime(w.verified_at)},
          {"fixed_at", OptTime(w.fixed_at)},
          {"fix_note", w.fix_note},
          {"finder_told_at", OptTime(w.finder_told_at)},
          {"publication",
           {{"choice", domain::PublicationChoiceName(w.publication)},
            {"url", w.publication_url},
            {"summary", w.publication_summary},
            {"at", OptTime(w.publication_at)}}},
          {"reminder_sent_at", OptTime(w.reminder_sent_at)},
          {"closed_at", OptTime(w.closed_at)},
          {"close_reason", w.close_reason}};
}

json MessageJson(const domain::WebsiteMessage& m) {
  return {{"id", m.id},
          {"author_name", m.author_name},
          {"author_role", domain::RoleName(m.author_role)},
          {"on_behalf", m.on_behalf},
          {"body", m.body},
          {"created_at", formats::IsoUtc(m.created_at)}};
}

// Invalid naming the first member of `body` that is not in `allowed`.
Status OnlyKeys(const json& body, std::initializer_list<std::string_view> allowed) {
  if (!body.is_object()) return Error::Invalid("body", "the body must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Error::Invalid(key, "unknown field '" + key + "'");
    }
  }
  return {};
}

// The request's JSON object, checked to hold only `allowed` members.
Result<json> Body(const Request& req, app::Services& s, std::initializer_list<std::string_view> allowed) {
  auto body = ReadJsonBody(req, s.ctx.config);
  if (!body) return body.error();
  if (auto st = OnlyKeys(*body, allowed); !st) return st.error();
  return body;
}

// Reads string members in order; the first bad one is the error.
Result<std::vector<std::string>> Strings(const json& body, std::initializer_list<const char*> keys) {
  std::vector<std::string> out;
  for (const char* k : keys) {
    auto v = OptString(body, k);
    if (!v) return v.error();
    out.push_back(std::move(*v));
  }
  return out;
}

template <typename Fn>
Handler OnCase(app::Services& s, bool mutating, std::initializer_list<std::string_view> allowed, Fn fn) {
  std::vector<std::string_view> keys(allowed);
  return Authed(s, mutating, [&s, mutating, keys, fn](Request& req, const app::Actor& a) -> Response {
    auto id = IdParam(req, "id");
    if (!id) return ErrorJson(Error::NotFound("case not found"));
    json body = json::object();
    if (mutating) {
      auto parsed = ReadJsonBody(req, s.ctx.config);
      if (!parsed) return ErrorJson(parsed.error());
      if (!parsed->is_object()) return ErrorJson(Error::Invalid("body", "the body must be a JSON object"));
      for (const auto& [key, value] : parsed->items()) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
          return ErrorJson(Error::Invalid(key, "unknown field '" + key + "'"));
        }
      }
      body = std::move(*parsed);
    }
    return fn(a, *id, body);
  });
}

Response Answer(const Status& st) {
  if (!st) return ErrorJson(st.error());
  return Ok(200, {{"status", "ok"}});
}

}  // namespace

void RegisterWebsiteApi(Router& router, app::Services& s) {
  router.Add("GET", "/api/v1/website/cases", Authed(s, false, [&s](Request&, const app::Actor& a) {
    auto rows = s.website.List(a);
    if (!rows) return ErrorJson(rows.error());
    json out = json::array();
    for (const auto& r : *rows) {
      out.push_back({{"id", r.w.case_id},
                     {"identifier", r.w.identifier},
                     {"title", r.w.title},
                     {"site_url", r.w.site_url},
                     {"site_name", r.w.site_name},
                     {"stage", domain::WebsiteStageName(r.stage)},
                     {"notified_at", OptTime(r.w.notified_at)},
                     {"fixed_at", OptTime(r.w.fixed_at)},
                     {"clock", ClockJson(r.clock)}});
    }
    return Ok(200, {{"cases", out}});
  }));

  router.Add("GET", "/api/v1/website/cases/:id", OnCase(s, false, {}, [&s](const app::Actor& a, std::int64_t id,
                                                                           const json&) {
    auto v = s.website.View(a, id);
    if (!v) return ErrorJson(v.error());
    json j = CaseJson(v->w, v->stage, v->clock);
    j["messages"] = json::array();
    for (const auto& m : v->messages) j["messages"].push_back(MessageJson(m));
    if (v->staff) {
      j["intake_number"] = v->intake_number;
      j["report_id"] = v->w.report_id;
      j["operator_accounts"] = v->operator_accounts;
      j["invitation_open"] = !v->w.invite_token_hash.empty();
      j["history"] = json::array();
      for (const auto& e : v->history) j["history"].push_back(formats::EventToJson(e));
    }
    return Ok(200, j);
  }));

  router.Add("PUT", "/api/v1/website/cases/:id/contact",
             OnCase(s, true, {"name", "email", "phone", "source", "source_note", "site_name"},
                    [&s](const app::Actor& a, std::int64_t id, const json& body) {
                      auto f = Strings(body, {"name", "email", "phone", "source", "source_note", "site_name"});
                      if (!f) return ErrorJson(f.error());
                      auto source = domain::ParseContactSource((*f)[3]);
                      if (!source || *source == domain::ContactSource::kNone) {
                        return ErrorJson(Error::Invalid("source", "source must be published or found"));
                      }
                      return Answer(s.website.SetContact(a, id,
                                                       {.name = (*f)[0], .email = (*f)[1], .phone = (*f)[2],
                                                        .source = *source, .source_note = (*f)[4]},
                                                       (*f)[5]));
                    }));

  router.Add("POST", "/api/v1/website/cases/:id/notify",
             OnCase(s, true, {"channel", "details"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto f = Strings(body, {"channel", "details"});
               if (!f) return ErrorJson(f.error());
               auto channel = domain::ParseNotifyChannel((*f)[0].empty() ? "mail" : (*f)[0]);
               if (!channel) return ErrorJson(Error::Invalid("channel", "channel must be mail, post, phone or other"));
               return Answer(s.website.Notify(a, id, *channel, (*f)[1]));
             }));

  router.Add("POST", "/api/v1/website/cases/:id/operator",
             OnCase(s, true, {}, [&s](const app::Actor& a, std::int64_t id, const json&) {
               auto inv = s.website.InviteOperator(a, id);
               if (!inv) return ErrorJson(inv.error());
               json j{{"admitted", inv->admitted}, {"link", inv->link}};
               if (!inv->token.empty()) j["invitation_token"] = inv->token;  // shown once; also mailed
               return Ok(200, j);
             }));

  router.Add("POST", "/api/v1/website/cases/:id/verification",
             OnCase(s, true, {"result", "note"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto f = Strings(body, {"result", "note"});
               if (!f) return ErrorJson(f.error());
               auto result = domain::ParseVerification((*f)[0]);
               if (!result || *result == domain::Verification::kNone) {
                 return ErrorJson(Error::Invalid("result", "result must be confirmed or not_reproduced"));
               }
               return Answer(s.website.ReportVerification(a, id, *result, (*f)[1]));
             }));

  router.Add("POST", "/api/v1/website/cases/:id/fix",
             OnCase(s, true, {"note"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto note = OptString(body, "note");
               if (!note) return ErrorJson(note.error());
               return Answer(s.website.ReportFix(a, id, *note));
             }));

  router.Add("PUT", "/api/v1/website/cases/:id/publication",
             OnCase(s, true, {"choice", "url", "summary"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto f = Strings(body, {"choice", "url", "summary"});
               if (!f) return ErrorJson(f.error());
               auto choice = domain::ParsePublicationChoice((*f)[0]);
               if (!choice || *choice == domain::PublicationChoice::kUndecided) {
                 return ErrorJson(Error::Invalid("choice", "choice must be publish or not_publish"));
               }
               return Answer(s.website.ChoosePublication(a, id, *choice, (*f)[1], (*f)[2]));
             }));

  router.Add("POST", "/api/v1/website/cases/:id/reminder",
             OnCase(s, true, {}, [&s](const app::Actor& a, std::int64_t id, const json&) {
               return Answer(s.website.Remind(a, id));
             }));

  router.Add("PUT", "/api/v1/website/cases/:id/due",
             OnCase(s, true, {"due", "reason"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto f = Strings(body, {"due", "reason"});
               if (!f) return ErrorJson(f.error());
               auto due = domain::ParseDate((*f)[0], "due");
               if (!due) return ErrorJson(due.error());
               return Answer(s.website.ExtendDue(a, id, *due, (*f)[1]));
             }));

  router.Add("POST", "/api/v1/website/cases/:id/close",
             OnCase(s, true, {"reason"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto reason = OptString(body, "reason");
               if (!reason) return ErrorJson(reason.error());
               return Answer(s.website.Close(a, id, *reason));
             }));

  router.Add("POST", "/api/v1/website/cases/:id/messages",
             OnCase(s, true, {"body", "on_behalf"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto text = OptString(body, "body");
               if (!text) return ErrorJson(text.error());
               auto behalf = OptBool(body, "on_behalf");
               if (!behalf) return ErrorJson(behalf.error());
               auto m = s.website.Post(a, id, *text, *behalf);
               if (!m) return ErrorJson(m.error());
               return Ok(201, MessageJson(*m));
             }));

  // The invited operator sets up its account: public, the token is the credential.
  router.Add("POST", "/api/v1/website/invite/:token", [&s](Request& req) {
    auto body = Body(req, s, {"display_name", "password", "language"});
    if (!body) return ErrorJson(body.error());
    auto f = Strings(*body, {"display_name", "password", "language"});
    if (!f) return ErrorJson(f.error());
    const auto lang = (*f)[2].empty() ? std::optional(domain::Language::kJa) : domain::ParseLanguage((*f)[2]);
    if (!lang) return ErrorJson(Error::Invalid("language", "language must be ja or en"));
    auto user = s.website.AcceptInvite(std::string(req.Param("token")), (*f)[0], (*f)[1], *lang);
    if (!user) return ErrorJson(user.error());
    return Ok(201, {{"id", user->id}, {"email", user->email}, {"role", domain::RoleName(user->role)}});
  });

  // Public: only what operators chose to announce, after the fix.
  router.Add("GET", "/api/v1/website/notices", [&s](Request&) {
    auto notices = s.website.PublicNotices();
    if (!notices) return ErrorJson(notices.error());
    json out = json::array();
    for (const auto& n : *notices) {
      out.push_back({{"site_name", n.site_name},
                     {"site_url", n.site_url},
                     {"announcement_url", n.announcement_url},
                     {"summary", n.summary},
                     {"fixed_on", domain::FormatDate(n.fixed_on)}});
    }
    return Ok(200, {{"notices", out}});
  });

  // The low-impact path (G8-4): notify the developer and close.
  router.Add("POST", "/api/v1/cases/:id/low-impact",
             OnCase(s, true, {"reason"}, [&s](const app::Actor& a, std::int64_t id, const json& body) {
               auto reason = OptString(body, "reason");
               if (!reason) return ErrorJson(reason.error());
               if (auto st = s.low_impact.Close(a, id, *reason); !st) return ErrorJson(st.error());
               return Ok(200, {{"status", "closed_low_impact"}});
             }));
}

}  // namespace cvdhub::http
