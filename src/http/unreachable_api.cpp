#include "http/unreachable_api.hpp"

#include "domain/calendar.hpp"
#include "http/api_util.hpp"

namespace cvdhub::http {
namespace {

using domain::Timestamp;
using nlohmann::json;

json When(const std::optional<Timestamp>& t) {
  return t ? json(app::FormatIsoUtc(*t)) : json(nullptr);
}
json Day(const std::optional<std::chrono::sys_days>& d) {
  return d ? json(domain::FormatDate(*d)) : json(nullptr);
}

json NoticeJson(const std::optional<domain::ProductNotice>& n) {
  if (!n) return nullptr;
  json j{{"title", n->title},
         {"paragraphs", n->paragraphs},
         {"contact", n->contact},
         {"published", n->published}};
  if (!n->updated.empty()) j["updated"] = n->updated;
  if (!n->closing.empty()) j["closing"] = n->closing;
  return j;
}

// Exactly the public fields (app::PublicUnreachable): nothing else exists to leak.
json PublicJson(const app::PublicUnreachable& p) {
  return {{"did", p.did},
          {"slug", p.slug},
          {"developer", p.name.empty() ? "-" : p.name},
          {"related_url", p.related_url},
          {"date_added", domain::FormatDate(p.added)},
          {"product_information_date", Day(p.product_date)},
          {"remarks_ja", p.remarks_ja},
          {"remarks_en", p.remarks_en},
          {"stage", p.stage},
          {"contact_deadline", Day(p.deadline)},
          {"deadline_added", Day(p.deadline_added)},
          {"resolved", Day(p.resolved)},
          {"advisory", p.advisory_identifier.empty() ? json(nullptr) : json(p.advisory_identifier)},
          {"advisory_published", Day(p.published)},
          {"notice_ja", NoticeJson(p.notice_ja)},
          {"notice_en", NoticeJson(p.notice_en)}};
}

json AttemptJson(const domain::ContactAttempt& a) {
  json j{{"channel", domain::ContactChannelName(a.channel)},
         {"at", app::FormatIsoUtc(a.at)},
         {"recipient", a.recipient},
         {"outcome", domain::ContactOutcomeName(a.outcome)},
         {"note", a.note},
         {"by", a.by_name},
         {"system", a.system}};
  if (!a.system) {
    j["id"] = a.id;
    j["recorded_at"] = app::FormatIsoUtc(a.recorded_at);
  }
  return j;
}

json Channels(const std::vector<domain::ContactChannel>& cs) {
  json out = json::array();
  for (auto c : cs) out.push_back(domain::ContactChannelName(c));
  return out;
}

json EvaluationJson(const domain::RuleEvaluation& ev) {
  return {
      {"meets_rules", ev.Meets()},
      {"proposal", ev.Meets() ? "unreachable" : "keep_trying"},
      {"initial_contact", When(ev.initial_contact)},
      {"last_answer", When(ev.last_answer)},
      {"attempts", {{"counted", ev.attempts}, {"required", ev.attempts_required}, {"met", ev.attempts_met}}},
      {"period",
       {{"days_elapsed", ev.days_elapsed},
        {"days_required", ev.period_required.count()},
        {"ends", When(ev.period_ends)},
        {"met", ev.period_met}}},
      {"channels",
       {{"tried", Channels(ev.channels_tried)},
        {"required", ev.channels_required},
        {"met", ev.channels_met}}},
      {"required_channels", {{"missing", Channels(ev.required_missing)}, {"met", ev.required_met}}}};
}

json EntryJson(const domain::UnreachableEntry& e) {
  return {{"id", e.id},
          {"did", e.did},
          {"stage", domain::UnreachableStageName(e.stage)},
          {"basis", domain::UnreachableBasisName(e.basis)},
          {"basis_note", e.basis_note},
          {"public_name", e.public_name},
          {"related_url", e.related_url},
          {"remarks_ja", e.remarks_ja},
          {"remarks_en", e.remarks_en},
          {"developer_kind", domain::DeveloperKindName(e.developer_kind)},
          {"product_name", e.product_name},
          {"product_version", e.product_version},
          {"listed_at", app::FormatIsoUtc(e.listed_at)},
          {"product_published_at", When(e.product_published_at)},
          {"deadline_added_at", When(e.deadline_added_at)},
          {"contact_deadline", Day(e.contact_deadline)},
          {"submitted_at", When(e.submitted_at)},
          {"developer_view", e.developer_view},
          {"decided_at", When(e.decided_at)},
          {"decision", e.decision ? json(domain::CommitteeDecisionName(*e.decision)) : json(nullptr)},
          {"decision_note", e.decision_note},
          {"verification_ja", e.verification_ja},
          {"verification_en", e.verification_en},
          {"published_at", When(e.published_at)},
          {"advisory", e.advisory_identifier},
          {"resolved_at", When(e.resolved_at)},
          {"resolved_from",
           e.resolved_from ? json(domain::UnreachableStageName(*e.resolved_from)) : json(nullptr)},
          {"resolved_note", e.resolved_note}};
}

json VoteJson(const domain::CommitteeVoteRecord& v) {
  return {{"member", v.member_name},
          {"user_id", v.user_id},
          {"vote", domain::CommitteeVoteName(v.vote)},
          {"comment", v.comment},
          {"at", app::FormatIsoUtc(v.at)}};
}

// A JSON object body; Invalid when it is not one.
Result<json> ObjectBody(const Request& req, const app::Config& config) {
  if (req.body.empty()) return json::object();
  auto body = ReadJsonBody(req, config);
  if (!body) return body.error();
  if (!body->is_object()) return Error::Invalid("body", "the body must be a JSON object");
  return std::move(*body);
}

// A handler on a developer of a case: (actor, case id, vendor id, body).
template <typename Fn>
Handler DeveloperRoute(app::Services& s, bool mutating, Fn fn) {
  return Authed(s, mutating, [&s, mutating, fn](Request& req, const app::Actor& a) -> Response {
    auto id = IdParam(req, "id");
    auto vid = IdParam(req, "vid");
    if (!id || !vid) return ErrorJson(Error::NotFound("case not found"));
    json body = json::object();
    if (mutating) {
      auto parsed = ObjectBody(req, s.ctx.config);
      if (!parsed) return ErrorJson(parsed.error());
      body = std::move(*parsed);
    }
    return fn(a, *id, *vid, body);
  });
}

// A handler on a committee dossier: (actor, entry id, body).
template <typename Fn>
Handler EntryRoute(app::Services& s, bool mutating, Fn fn) {
  return Authed(s, mutating, [&s, mutating, fn](Request& req, const app::Actor& a) -> Response {
    auto eid = IdParam(req, "eid");
    if (!eid) return ErrorJson(Error::NotFound("dossier not found"));
    json body = json::object();
    if (mutating) {
      auto parsed = ObjectBody(req, s.ctx.config);
      if (!parsed) return ErrorJson(parsed.error());
      body = std::move(*parsed);
    }
    return fn(a, *eid, body);
  });
}

Response Finished(const Status& st, const char* what = "ok") {
  if (!st) return ErrorJson(st.error());
  return Ok(200, {{"status", what}});
}

Result<app::ConfirmInput> ConfirmFrom(const json& b) {
  app::ConfirmInput in;
  auto basis = OptString(b, "basis");
  if (!basis) return basis.error();
  if (!basis->empty()) {
    auto parsed = domain::ParseUnreachableBasis(*basis);
    if (!parsed)
      return Error::Invalid("basis", "basis must be no_answer, developer_unknown or no_contact_means");
    in.basis = *parsed;
  }
  for (auto [key, target] :
       {std::pair{"basis_note", &in.basis_note}, std::pair{"public_name", &in.public_name},
        std::pair{"related_url", &in.related_url}, std::pair{"remarks_ja", &in.remarks_ja},
        std::pair{"remarks_en", &in.remarks_en}}) {
    auto v = OptString(b, key);
    if (!v) return v.error();
    *target = std::move(*v);
  }
  return in;
}

Result<domain::ContactChannel> ChannelFrom(const json& b) {
  auto name = OptString(b, "channel");
  if (!name) return name.error();
  auto c = domain::ParseContactChannel(*name);
  if (!c)
    return Error::Invalid("channel",
                          "channel must be mail, post, phone, fax, bug_tracker, forum or social_media");
  return *c;
}

}  // namespace

void RegisterUnreachableApi(Router& router, app::Services& s) {
  app::Unreachable& u = s.unreachable;

  // Public.
  router.Add("GET", "/api/v1/unreachable", [&u](Request&) {
    auto list = u.PublicList();
    if (!list) return ErrorJson(list.error());
    json listed = json::array(), resolved = json::array();
    for (const auto& p : list->listed) listed.push_back(PublicJson(p));
    for (const auto& p : list->resolved) resolved.push_back(PublicJson(p));
    return Ok(200, {{"entries", listed}, {"resolved", resolved}, {"contact", u.ContactAddress()}});
  });
  router.Add("GET", "/api/v1/unreachable/:slug", [&u](Request& req) {
    auto did = domain::DidFromSlug(req.Param("slug"));
    if (!did) return ErrorJson(Error::NotFound("no such entry"));
    auto p = u.PublicEntry(*did);
    if (!p) return ErrorJson(p.error());
    return Ok(200, PublicJson(*p));
  });

  // A developer in a case: its attempts, the rules now, its entry.
  router.Add(
      "GET", "/api/v1/cases/:id/vendors/:vid/contacts",
      DeveloperRoute(s, false, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json&) {
        auto v = u.Developer(a, id, vid);
        if (!v) return ErrorJson(v.error());
        json attempts = json::array();
        for (const auto& at : v->attempts) attempts.push_back(AttemptJson(at));
        json resolved = json::array();
        for (const auto& e : v->resolved) resolved.push_back(EntryJson(e));
        return Ok(200, {{"case", {{"id", v->c.id}, {"identifier", v->c.identifier}}},
                        {"vendor",
                         {{"id", v->vendor.vendor_id},
                          {"name", v->vendor.vendor_name},
                          {"registered", v->vendor.registered}}},
                        {"attempts", attempts},
                        {"evaluation", EvaluationJson(v->evaluation)},
                        {"entry", v->entry ? EntryJson(*v->entry) : json(nullptr)},
                        {"resolved", resolved},
                        {"grace_ends", v->entry ? json(domain::FormatDate(v->grace_ends)) : json(nullptr)},
                        {"earliest_deadline", domain::FormatDate(v->earliest_deadline)}});
      }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/contacts",
      DeveloperRoute(
          s, true, [&u, &s](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
            auto channel = ChannelFrom(b);
            if (!channel) return ErrorJson(channel.error());
            auto outcome_name = OptString(b, "outcome");
            if (!outcome_name) return ErrorJson(outcome_name.error());
            auto outcome = domain::ParseContactOutcome(outcome_name->empty() ? "no_answer" : *outcome_name);
            if (!outcome) {
              return ErrorJson(
                  Error::Invalid("outcome", "outcome must be no_answer, bounced, no_contact or answered"));
            }
            auto recipient = OptString(b, "recipient");
            auto note = OptString(b, "note");
            if (!recipient) return ErrorJson(recipient.error());
            if (!note) return ErrorJson(note.error());
            Timestamp at = s.ctx.clock.Now();
            if (b.contains("at")) {
              auto t = RequiredTime(b, "at");
              if (!t) return ErrorJson(t.error());
              at = *t;
            }
            auto added = u.RecordAttempt(
                a, id, vid,
                {.channel = *channel, .at = at, .recipient = *recipient, .outcome = *outcome, .note = *note});
            if (!added) return ErrorJson(added.error());
            return Ok(201, {{"id", *added}});
          }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/unreachable",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
        auto in = ConfirmFrom(b);
        if (!in) return ErrorJson(in.error());
        auto e = u.Confirm(a, id, vid, *in);
        if (!e) return ErrorJson(e.error());
        return Ok(201, EntryJson(*e));
      }));
  router.Add(
      "PUT", "/api/v1/cases/:id/vendors/:vid/unreachable",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
        auto in = ConfirmFrom(b);
        if (!in) return ErrorJson(in.error());
        return Finished(u.EditPublic(a, id, vid, *in));
      }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/unreachable/product",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
        auto kind_name = OptString(b, "developer_kind");
        auto product = OptString(b, "product_name");
        auto version = OptString(b, "product_version");
        for (auto* r : {&kind_name, &product, &version}) {
          if (!*r) return ErrorJson(r->error());
        }
        auto kind = domain::ParseDeveloperKind(*kind_name);
        if (!kind)
          return ErrorJson(Error::Invalid("developer_kind", "developer_kind must be company or non_company"));
        return Finished(u.PublishProduct(a, id, vid, *kind, *product, *version));
      }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/unreachable/deadline",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
        auto text = OptString(b, "contact_deadline");
        if (!text) return ErrorJson(text.error());
        auto day = domain::ParseDate(*text, "contact_deadline");
        if (!day) return ErrorJson(day.error());
        return Finished(u.AddDeadline(a, id, vid, *day));
      }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/unreachable/committee",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json&) {
        return Finished(u.Submit(a, id, vid), "submitted");
      }));
  router.Add(
      "POST", "/api/v1/cases/:id/vendors/:vid/unreachable/answered",
      DeveloperRoute(s, true, [&u](const app::Actor& a, domain::CaseId id, std::int64_t vid, const json& b) {
        auto channel = ChannelFrom(b);
        if (!channel) return ErrorJson(channel.error());
        auto note = OptString(b, "note");
        if (!note) return ErrorJson(note.error());
        return Finished(u.DeveloperAnswered(a, id, vid, *channel, *note), "resolved");
      }));

  // The committee.
  router.Add("GET", "/api/v1/committee", Authed(s, false, [&u](Request&, const app::Actor& a) {
               auto list = u.Dossiers(a);
               if (!list) return ErrorJson(list.error());
               json out = json::array();
               for (const auto& d : *list) {
                 out.push_back({{"id", d.entry.id},
                                {"did", d.entry.did},
                                {"case", d.identifier},
                                {"title", d.title},
                                {"developer", d.vendor_name},
                                {"stage", domain::UnreachableStageName(d.entry.stage)},
                                {"submitted_at", When(d.entry.submitted_at)},
                                {"votes", d.votes}});
               }
               return Ok(200, {{"dossiers", out}});
             }));
  router.Add("GET", "/api/v1/committee/:eid",
             EntryRoute(s, false, [&u](const app::Actor& a, std::int64_t eid, const json&) {
               auto d = u.DossierOf(a, eid);
               if (!d) return ErrorJson(d.error());
               json attempts = json::array();
               for (const auto& at : d->attempts) attempts.push_back(AttemptJson(at));
               json history = json::array();
               for (const auto& ev : d->history) {
                 history.push_back({{"at", app::FormatIsoUtc(ev.at)},
                                    {"by", ev.actor_name},
                                    {"action", ev.action},
                                    {"field", ev.field},
                                    {"from", ev.from_value},
                                    {"to", ev.to_value}});
               }
               json votes = json::array();
               for (const auto& v : d->votes) votes.push_back(VoteJson(v));
               json contacts = json::array();
               for (const auto& c : d->contacts) {
                 contacts.push_back({{"name", c.name}, {"email", c.email}, {"phone", c.phone}});
               }
               return Ok(200, {{"entry", EntryJson(d->entry)},
                               {"case",
                                {{"id", d->c.id},
                                 {"identifier", d->c.identifier},
                                 {"title", d->c.title},
                                 {"overview", d->overview},
                                 {"details", d->details},
                                 {"product_name", d->product_name},
                                 {"product_version", d->product_version}}},
                               {"developer",
                                {{"name", d->vendor_name},
                                 {"email", d->registry_email},
                                 {"phone", d->registry_phone},
                                 {"contacts", contacts}}},
                               {"attempts", attempts},
                               {"evaluation", EvaluationJson(d->evaluation)},
                               {"history", history},
                               {"votes", votes}});
             }));
  router.Add("POST", "/api/v1/committee/:eid/votes",
             EntryRoute(s, true, [&u](const app::Actor& a, std::int64_t eid, const json& b) {
               auto name = OptString(b, "vote");
               auto comment = OptString(b, "comment");
               if (!name) return ErrorJson(name.error());
               if (!comment) return ErrorJson(comment.error());
               auto vote = domain::ParseCommitteeVote(*name);
               if (!vote)
                 return ErrorJson(Error::Invalid("vote", "vote must be publish, do_not_publish or abstain"));
               return Finished(u.Vote(a, eid, *vote, *comment), "voted");
             }));
  router.Add("POST", "/api/v1/committee/:eid/view",
             EntryRoute(s, true, [&u](const app::Actor& a, std::int64_t eid, const json& b) {
               auto view = OptString(b, "developer_view");
               if (!view) return ErrorJson(view.error());
               return Finished(u.RecordDeveloperView(a, eid, *view));
             }));
  router.Add("POST", "/api/v1/committee/:eid/decision",
             EntryRoute(s, true, [&u](const app::Actor& a, std::int64_t eid, const json& b) {
               auto name = OptString(b, "decision");
               auto note = OptString(b, "note");
               auto vja = OptString(b, "verification_ja");
               auto ven = OptString(b, "verification_en");
               for (auto* r : {&name, &note, &vja, &ven}) {
                 if (!*r) return ErrorJson(r->error());
               }
               auto decision = domain::ParseCommitteeDecision(*name);
               if (!decision)
                 return ErrorJson(Error::Invalid("decision", "decision must be publish or do_not_publish"));
               return Finished(u.Decide(a, eid, *decision, *note, *vja, *ven), "decided");
             }));
  router.Add("POST", "/api/v1/committee/:eid/publish",
             EntryRoute(s, true, [&u](const app::Actor& a, std::int64_t eid, const json&) {
               return Finished(u.Publish(a, eid), "published");
             }));
}

}  // namespace cvdhub::http
