#include "http/coordination_api.hpp"

#include "http/api_util.hpp"
#include "formats/report_json.hpp"
#include "formats/vultron_json.hpp"
#include "http/case_json.hpp"
#include "http/compression.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;
using domain::Role;

}  // namespace

void RegisterCoordinationApi(Router& router, app::Services& s) {
  app::Coordination& co = s.coordination;
  app::Registry& reg = s.registry;

  router.Add("GET", "/api/v1/cases", Authed(s, false, [&co](Request&, const app::Actor& a) {
    auto list = co.ListCases(a);
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& c : *list) out.push_back(CaseSummaryToJson(c));
    return Ok(200, {{"cases", out}});
  }));

  // One case, shaped for the viewer: coordinator, vendor or partner. The
  // coordinator's view shows one page of the vendors matching ?state, ?status
  // and ?q (app/vendor_filter.hpp); gzip when the client accepts it.
  router.Add("GET", "/api/v1/cases/:id", CaseRoute(s, false, [&s, &co](Request& req, const app::Actor& a,
                                                                       domain::CaseId id, const json&) {
    auto filter = app::ParseVendorFilter(req.Query("state"), req.Query("status"), req.Query("q"),
                                         req.Query("page"), req.Query("per_page"));
    if (!filter) return ErrorJson(filter.error());
    const auto now = s.ctx.clock.Now();
    const app::VendorFilter& f = *filter;
    // Vendors and partners see no vendor table: the filter does not change their view.
    const Role role = a.user->role;
    const bool table = role != Role::kVendor && role != Role::kRelatedOrg;
    auto body = co.RenderedView(a, id, table ? "json:" + f.Key() : "json", [now, &f](const app::AnyCaseView& any) {
      json j = std::visit(
          [now, &f](const auto& v) -> json {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, app::CaseView>) return CaseViewToJson(v, now, f);
            if constexpr (std::is_same_v<T, app::VendorCaseView>) return VendorCaseViewToJson(v, now);
            if constexpr (std::is_same_v<T, app::PartnerCaseView>) return PartnerCaseViewToJson(v);
          },
          any);
      return j.dump(-1, ' ', false, json::error_handler_t::replace);
    });
    if (!body) return ErrorJson(body.error());
    return CachedJson(req, **body);
  }));

  router.Add("PUT", "/api/v1/cases/:id/info", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                       domain::CaseId id, const json& b) {
    app::CaseInfo info;
    for (auto [key, target] : {std::pair{"overview", &info.overview}, std::pair{"details", &info.details},
                               std::pair{"product_ids", &info.product_ids}, std::pair{"keywords", &info.keywords}}) {
      auto v = OptString(b, key);
      if (!v) return ErrorJson(v.error());
      *target = std::move(*v);
    }
    return Done(co.UpdateInfo(a, id, info));
  }));

  router.Add("POST", "/api/v1/cases/:id/coordinators", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                domain::CaseId id, const json& b) {
    auto uid = OptInt(b, "user_id");
    if (!uid) return ErrorJson(uid.error());
    if (!*uid) return ErrorJson(Error::Invalid("user_id", "user_id is required"));
    return Done(co.AssignCoordinator(a, id, **uid));
  }));

  router.Add("GET", "/api/v1/cases/:id/candidates", CaseRoute(s, false, [&co](Request&, const app::Actor& a,
                                                                              domain::CaseId id, const json&) {
    auto list = co.Candidates(a, id);
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& c : *list) out.push_back(CandidateToJson(c));
    return Ok(200, {{"candidates", out}});
  }));

  // Adds a registered vendor ({vendor_id, obvious, tier}) or an unregistered developer ({name, email}).
  router.Add("POST", "/api/v1/cases/:id/vendors", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                           domain::CaseId id, const json& b) {
    auto vid = OptInt(b, "vendor_id");
    if (!vid) return ErrorJson(vid.error());
    if (*vid) {
      auto obvious = OptBool(b, "obvious");
      auto tier = OptInt(b, "tier");
      if (!obvious) return ErrorJson(obvious.error());
      if (!tier) return ErrorJson(tier.error());
      return Done(co.AddVendor(a, id, **vid, *obvious, static_cast<int>(tier->value_or(0))), "added");
    }
    auto name = OptString(b, "name");
    auto email = OptString(b, "email");
    if (!name) return ErrorJson(name.error());
    if (!email) return ErrorJson(email.error());
    auto token = co.AddUnregisteredVendor(a, id, *name, *email);
    if (!token) return ErrorJson(token.error());
    return Ok(201, {{"status", "added"}, {"invitation", "/vendors/invite/" + *token}});
  }));

  router.Add("POST", "/api/v1/cases/:id/vendors/:vid/overview",
             CaseRoute(s, true, [&co](Request& req, const app::Actor& a, domain::CaseId id, const json&) {
               auto vid = IdParam(req, "vid");
               if (!vid) return ErrorJson(Error::NotFound("vendor not in case"));
               return Done(co.SendOverview(a, id, *vid), "sent");
             }));

  // The overview to many vendors in one transaction: {"vendor_ids":[…]} or {"all_not_notified":true}.
  router.Add("POST", "/api/v1/cases/:id/overview", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                           domain::CaseId id, const json& b) {
    app::OverviewBatch batch;
    auto all = OptBool(b, "all_not_notified");
    if (!all) return ErrorJson(all.error());
    batch.all_not_notified = *all;
    if (auto it = b.find("vendor_ids"); it != b.end()) {
      if (!it->is_array()) return ErrorJson(Error::Invalid("vendor_ids", "vendor_ids must be an array of vendor ids"));
      for (const auto& v : *it) {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) {
          return ErrorJson(Error::Invalid("vendor_ids", "vendor_ids must hold positive integers only"));
        }
        batch.vendor_ids.push_back(v.get<std::int64_t>());
      }
    }
    auto done = co.SendOverviews(a, id, batch);
    if (!done) return ErrorJson(done.error());
    auto list = [](const std::vector<app::OverviewOutcome>& outcomes) {
      json out = json::array();
      for (const auto& o : outcomes) {
        json j = {{"vendor_id", o.vendor_id}, {"name", o.vendor_name}};
        if (!o.skipped.empty()) j["reason"] = o.skipped;
        out.push_back(std::move(j));
      }
      return out;
    };
    return Ok(200, {{"status", "sent"}, {"notified", list(done->notified)}, {"skipped", list(done->skipped)}});
  }));

  router.Add("POST", "/api/v1/cases/:id/vendors/:vid/details",
             CaseRoute(s, true, [&co](Request& req, const app::Actor& a, domain::CaseId id, const json&) {
               auto vid = IdParam(req, "vid");
               if (!vid) return ErrorJson(Error::NotFound("vendor not in case"));
               return Done(co.ReleaseDetails(a, id, *vid), "released");
             }));

  auto read_statement = [](const json& b) -> Result<app::StatementInput> {
    auto status_name = OptString(b, "status");
    if (!status_name) return status_name.error();
    auto status = domain::ParseVendorStatus(*status_name);
    if (!status) {
      return Error::Invalid("status", "status must be affected, affected_investigating, not_affected, "
                                      "not_affected_investigating or information_provided");
    }
    app::StatementInput in{.status = *status};
    auto statement = OptString(b, "statement");
    auto url = OptString(b, "advisory_url");
    auto ready = OptBool(b, "fix_ready");
    auto deployed = OptBool(b, "fix_deployed");
    if (!statement) return statement.error();
    if (!url) return url.error();
    if (!ready) return ready.error();
    if (!deployed) return deployed.error();
    in.statement = *statement;
    in.advisory_url = *url;
    in.fix_ready = *ready;
    in.fix_deployed = *deployed;
    return in;
  };

  router.Add("PUT", "/api/v1/cases/:id/vendors/:vid/statement",
             CaseRoute(s, true, [&co, read_statement](Request& req, const app::Actor& a, domain::CaseId id,
                                                      const json& b) {
               auto vid = IdParam(req, "vid");
               if (!vid) return ErrorJson(Error::NotFound("vendor not in case"));
               auto in = read_statement(b);
               if (!in) return ErrorJson(in.error());
               return Done(co.FileStatementFor(a, id, *vid, *in), "filed");
             }));

  // Vendor side.
  router.Add("POST", "/api/v1/cases/:id/overview-answer", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                   domain::CaseId id, const json& b) {
    auto answer_name = OptString(b, "answer");
    if (!answer_name) return ErrorJson(answer_name.error());
    auto answer = domain::ParseOverviewAnswer(*answer_name);
    if (!answer || *answer == domain::OverviewAnswer::kNone) {
      return ErrorJson(Error::Invalid("answer", "answer must be may_be_affected or not_affected"));
    }
    return Done(co.AnswerOverview(a, id, *answer), "answered");
  }));

  router.Add("POST", "/api/v1/cases/:id/investigation", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                 domain::CaseId id, const json& b) {
    domain::InvestigationReport r;
    auto affected_name = OptString(b, "affected");
    if (!affected_name) return ErrorJson(affected_name.error());
    auto affected = domain::ParseAffected(affected_name->empty() ? "unknown" : *affected_name);
    if (!affected) return ErrorJson(Error::Invalid("affected", "affected must be yes, no or unknown"));
    r.affected = *affected;
    for (auto [key, target] : {std::pair{"workaround_plan", &r.workaround_plan}, std::pair{"fix_plan", &r.fix_plan},
                               std::pair{"schedule", &r.schedule}, std::pair{"publication_plan", &r.publication_plan},
                               std::pair{"other_developers", &r.other_developers}}) {
      auto v = OptString(b, key);
      if (!v) return ErrorJson(v.error());
      *target = std::move(*v);
    }
    return Done(co.FileInvestigation(a, id, std::move(r)), "filed");
  }));

  router.Add("PUT", "/api/v1/cases/:id/statement",
             CaseRoute(s, true, [&co, read_statement](Request&, const app::Actor& a, domain::CaseId id,
                                                      const json& b) {
               auto in = read_statement(b);
               if (!in) return ErrorJson(in.error());
               return Done(co.FileStatement(a, id, *in), "filed");
             }));

  router.Add("POST", "/api/v1/cases/:id/date-response", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                 domain::CaseId id, const json& b) {
    auto accept = OptBool(b, "accept");
    auto comment = OptString(b, "comment");
    if (!accept) return ErrorJson(accept.error());
    if (!comment) return ErrorJson(comment.error());
    if (b.find("accept") == b.end()) return ErrorJson(Error::Invalid("accept", "accept (true or false) is required"));
    return Done(co.RespondDate(a, id, *accept, *comment), *accept ? "accepted" : "revision_requested");
  }));

  // The publication date (coordinator).
  router.Add("POST", "/api/v1/cases/:id/date", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                        domain::CaseId id, const json& b) {
    auto at = RequiredTime(b, "publication_at");
    auto note = OptString(b, "note");
    if (!at) return ErrorJson(at.error());
    if (!note) return ErrorJson(note.error());
    return Done(co.ProposeDate(a, id, *at, *note), "proposed");
  }));
  router.Add("POST", "/api/v1/cases/:id/date/agree",
             CaseRoute(s, true, [&co](Request&, const app::Actor& a, domain::CaseId id, const json&) {
               return Done(co.AgreeDate(a, id), "agreed");
             }));
  router.Add("POST", "/api/v1/cases/:id/date/foreign", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                domain::CaseId id, const json& b) {
    auto at = RequiredTime(b, "publication_at");
    auto who = OptString(b, "coordinator");
    if (!at) return ErrorJson(at.error());
    if (!who) return ErrorJson(who.error());
    return Done(co.AdoptForeignDate(a, id, *at, *who), "agreed");
  }));
  router.Add("POST", "/api/v1/cases/:id/date/early", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                              domain::CaseId id, const json& b) {
    auto at = RequiredTime(b, "publication_at");
    auto reason = OptString(b, "reason");
    auto exploited = OptBool(b, "exploited");
    if (!at) return ErrorJson(at.error());
    if (!reason) return ErrorJson(reason.error());
    if (!exploited) return ErrorJson(exploited.error());
    return Done(co.PublishEarly(a, id, *at, *reason, *exploited), "moved");
  }));

  router.Add("POST", "/api/v1/cases/:id/proposals", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                             domain::CaseId id, const json& b) {
    auto name = OptString(b, "vendor_name");
    auto relation = OptString(b, "relation");
    auto reason = OptString(b, "reason");
    for (auto* r : {&name, &relation, &reason}) {
      if (!*r) return ErrorJson(r->error());
    }
    return Done(co.ProposeVendor(a, id, *name, *relation, *reason), "proposed");
  }));
  router.Add("POST", "/api/v1/cases/:id/proposals/:pid/decision",
             CaseRoute(s, true, [&co](Request& req, const app::Actor& a, domain::CaseId id, const json& b) {
               auto pid = IdParam(req, "pid");
               if (!pid) return ErrorJson(Error::NotFound("proposal not found"));
               auto approve = OptBool(b, "approve");
               auto vid = OptInt(b, "vendor_id");
               if (!approve) return ErrorJson(approve.error());
               if (!vid) return ErrorJson(vid.error());
               return Done(co.DecideProposal(a, id, *pid, *approve, *vid), *approve ? "approved" : "rejected");
             }));

  router.Add("POST", "/api/v1/cases/:id/prereleases", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                               domain::CaseId id, const json& b) {
    auto sector = OptString(b, "sector");
    auto note = OptString(b, "note");
    if (!sector) return ErrorJson(sector.error());
    if (!note) return ErrorJson(note.error());
    return Done(co.RequestCriticalInfraPrerelease(a, id, *sector, *note), "requested");
  }));
  router.Add("POST", "/api/v1/cases/:id/prenotifications", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                                    domain::CaseId id, const json& b) {
    auto note = OptString(b, "note");
    if (!note) return ErrorJson(note.error());
    return Done(co.RequestCustomerPrenotification(a, id, *note), "requested");
  }));
  router.Add("POST", "/api/v1/cases/:id/prereleases/:pid/decision",
             CaseRoute(s, true, [&co](Request& req, const app::Actor& a, domain::CaseId id, const json& b) {
               auto pid = IdParam(req, "pid");
               if (!pid) return ErrorJson(Error::NotFound("pre-release not found"));
               auto approve = OptBool(b, "approve");
               auto note = OptString(b, "note");
               if (!approve) return ErrorJson(approve.error());
               if (!note) return ErrorJson(note.error());
               return Done(co.DecidePrerelease(a, id, *pid, *approve, *note), *approve ? "approved" : "refused");
             }));

  router.Add("POST", "/api/v1/cases/:id/partners", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                            domain::CaseId id, const json& b) {
    auto org = OptString(b, "organisation");
    auto person = OptString(b, "person");
    auto email = OptString(b, "email");
    for (auto* r : {&org, &person, &email}) {
      if (!*r) return ErrorJson(r->error());
    }
    return Done(co.SubmitPartner(a, id, *org, *person, *email), "submitted");
  }));

  // A partner authenticates with the case identifier and the contact its vendor submitted (G8-2).
  router.Add("POST", "/api/v1/partners/join", [&s, &co](Request& req) {
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    auto ident = OptString(*b, "case_identifier");
    auto email = OptString(*b, "email");
    auto name = OptString(*b, "display_name");
    auto password = OptString(*b, "password");
    for (auto* r : {&ident, &email, &name, &password}) {
      if (!*r) return ErrorJson(r->error());
    }
    auto user = co.JoinAsPartner(*ident, *email, *name, *password);
    if (!user) return ErrorJson(user.error());
    return Ok(201, {{"id", user->id}, {"role", domain::RoleName(user->role)}});
  });

  // Threads: vendor/{vendor_id}, partner/{partner_id}, case/0.
  auto thread_of = [](const Request& req) -> Result<std::pair<domain::ThreadKind, std::int64_t>> {
    auto kind = domain::ParseThreadKind(req.Param("thread"));
    if (!kind) return Error::NotFound("thread not found");
    std::int64_t party = 0;
    if (*kind != domain::ThreadKind::kCase) {
      auto p = IdParam(req, "party");
      if (!p) return Error::NotFound("thread not found");
      party = *p;
    }
    return std::pair{*kind, party};
  };
  router.Add("GET", "/api/v1/cases/:id/threads/:thread/:party",
             CaseRoute(s, false, [&co, thread_of](Request& req, const app::Actor& a, domain::CaseId id, const json&) {
               auto t = thread_of(req);
               if (!t) return ErrorJson(t.error());
               store::MessagePage page;
               if (auto before = req.Query("before"); !before.empty()) {
                 page.before_id = std::atoll(std::string(before).c_str());
               }
               auto list = co.Messages(a, id, t->first, t->second, page);
               if (!list) return ErrorJson(list.error());
               json out = json::array();
               for (const auto& m : *list) out.push_back(CaseMessageToJson(m));
               return Ok(200, {{"messages", out}});
             }));
  router.Add("POST", "/api/v1/cases/:id/threads/:thread/:party",
             CaseRoute(s, true, [&co, thread_of](Request& req, const app::Actor& a, domain::CaseId id, const json& b) {
               auto t = thread_of(req);
               if (!t) return ErrorJson(t.error());
               auto body = OptString(b, "body");
               if (!body) return ErrorJson(body.error());
               auto m = co.Post(a, id, t->first, t->second, *body);
               if (!m) return ErrorJson(m.error());
               return Ok(201, CaseMessageToJson(*m));
             }));

  router.Add("POST", "/api/v1/cases/:id/flags", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                         domain::CaseId id, const json& b) {
    auto flag = OptString(b, "flag");
    if (!flag) return ErrorJson(flag.error());
    if (flag->size() != 1) return ErrorJson(Error::Invalid("flag", "flag must be P, X or A"));
    return Done(co.SetPublicFlag(a, id, (*flag)[0]), "set");
  }));

  router.Add("POST", "/api/v1/cases/:id/close", CaseRoute(s, true, [&co](Request&, const app::Actor& a,
                                                                         domain::CaseId id, const json& b) {
    auto reason = OptString(b, "reason");
    if (!reason) return ErrorJson(reason.error());
    return Done(co.CloseWithoutPublication(a, id, *reason), "closed");
  }));

  // The case as ActivityStreams 2.0 in the Vultron shape, for exchange with other coordinators.
  router.Add("GET", "/api/v1/cases/:id/vultron", CaseRoute(s, false, [&co](Request& req, const app::Actor& a,
                                                                              domain::CaseId id, const json&) {
    auto v = co.View(a, id);
    if (!v) return ErrorJson(v.error());
    const std::string host = req.Header("host").empty() ? "127.0.0.1" : std::string(req.Header("host"));
    const std::string base = std::string(req.tls ? "https://" : "http://") + host;
    formats::VultronCaseSnapshot snap{
        .case_url = base + "/cases/" + std::to_string(id),
        .name = v->c.identifier,
        .actor_url = base + "/coordinator",
        .created_at = formats::IsoUtc(v->c.created_at),
        .em = domain::ParseEmState(v->coordination.em_state).value_or(domain::EmState::kNone),
        .pub = {.public_aware = v->coordination.public_aware, .exploit_public = v->coordination.exploit_public,
                .attacks_observed = v->coordination.attacks_observed},
        .report_urls = {base + "/reports/" + std::to_string(v->c.report_id)}};
    if (v->coordination.publication.state == domain::PublicationDateState::kAgreed && v->coordination.publication.at &&
        v->clocks.initial_contact) {
      snap.embargo = formats::VultronEmbargoSnapshot{.start_at = formats::IsoUtc(*v->clocks.initial_contact),
                                                     .end_at = formats::IsoUtc(*v->coordination.publication.at)};
    }
    for (const auto& row : v->vendors) {
      const auto& cv = row.vendor;
      const auto last = cv.last_answer_at ? cv.last_answer_at : cv.initial_contact_at;
      snap.participants.push_back(
          {.id_url = snap.case_url + "/participants/vendor-" + std::to_string(cv.vendor_id),
           .actor_url = base + "/vendors/" + std::to_string(cv.vendor_id),
           .name = cv.vendor_name,
           .roles = {domain::CvdRole::kVendor},
           .rm = domain::ParseRmState(cv.rm_state).value_or(domain::RmState::kStart),
           .vendor = {.vendor_aware = cv.details_released_at.has_value(), .fix_ready = cv.fix_ready,
                      .fix_deployed = cv.fix_deployed},
           .last_status_at = last ? formats::IsoUtc(*last) : formats::IsoUtc(v->c.created_at)});
    }
    Response r = Ok(200, formats::VultronCaseToJson(snap));
    r.headers.clear();
    r.Set("Content-Type", "application/activity+json; charset=utf-8");
    return r;
  }));

  // The vendor registry.
  router.Add("GET", "/api/v1/developers", [&reg](Request&) {
    auto list = reg.PublicList();
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& v : *list) {
      json j = {{"name", v.name}, {"name_en", v.name_en}};
      if (!v.reporting_contact.empty()) j["reporting_contact"] = v.reporting_contact;
      out.push_back(std::move(j));
    }
    return Ok(200, {{"developers", out}});
  });

  router.Add("GET", "/api/v1/vendors", Authed(s, false, [&reg](Request&, const app::Actor& a) {
    auto list = reg.List(a);
    if (!list) return ErrorJson(list.error());
    json out = json::array();
    for (const auto& p : *list) out.push_back(VendorProfileToJson(p));
    return Ok(200, {{"vendors", out}});
  }));

  auto read_vendor = [](const json& b, domain::Vendor& v) -> Status {
    for (auto [key, target] : {std::pair{"name", &v.name}, std::pair{"name_en", &v.name_en},
                               std::pair{"contact_email", &v.contact_email}, std::pair{"phone", &v.phone},
                               std::pair{"reporting_contact", &v.reporting_contact}}) {
      auto val = OptString(b, key);
      if (!val) return val.error();
      *target = std::move(*val);
    }
    auto reg_name = OptString(b, "registration");
    if (!reg_name) return reg_name.error();
    auto rt = domain::ParseRegistrationType(reg_name->empty() ? "individual" : *reg_name);
    if (!rt) return Error::Invalid("registration", "registration must be general or individual");
    v.registration = *rt;
    auto listing = OptBool(b, "public_listing");
    auto direct = OptBool(b, "accepts_direct_reports");
    if (!listing) return listing.error();
    if (!direct) return direct.error();
    v.public_listing = *listing;
    v.accepts_direct_reports = *direct;
    return {};
  };

  router.Add("POST", "/api/v1/vendors", Authed(s, true, [&s, &reg, read_vendor](Request& req, const app::Actor& a) {
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    domain::Vendor v;
    if (auto st = read_vendor(*b, v); !st) return ErrorJson(st.error());
    auto id = reg.Create(a, v);
    if (!id) return ErrorJson(id.error());
    return Ok(201, {{"id", *id}});
  }));

  router.Add("GET", "/api/v1/vendors/:vid", Authed(s, false, [&reg](Request& req, const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto p = reg.Profile(a, *vid);
    if (!p) return ErrorJson(p.error());
    return Ok(200, VendorProfileToJson(*p));
  }));

  router.Add("PUT", "/api/v1/vendors/:vid", Authed(s, true, [&s, &reg, read_vendor](Request& req,
                                                                                     const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    domain::Vendor v{.id = *vid};
    if (auto st = read_vendor(*b, v); !st) return ErrorJson(st.error());
    return Done(reg.Update(a, v), "updated");
  }));

  router.Add("POST", "/api/v1/vendors/:vid/contacts", Authed(s, true, [&s, &reg](Request& req, const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    domain::VendorContact c{.vendor_id = *vid};
    for (auto [key, target] : {std::pair{"name", &c.name}, std::pair{"email", &c.email},
                               std::pair{"phone", &c.phone}, std::pair{"pgp_key", &c.pgp_key}}) {
      auto val = OptString(*b, key);
      if (!val) return ErrorJson(val.error());
      *target = std::move(*val);
    }
    auto primary = OptBool(*b, "primary");
    if (!primary) return ErrorJson(primary.error());
    c.is_primary = *primary;
    auto id = reg.AddContact(a, c);
    if (!id) return ErrorJson(id.error());
    return Ok(201, {{"id", *id}});
  }));

  router.Add("DELETE", "/api/v1/vendors/:vid/contacts/:cid", Authed(s, true, [&reg](Request& req,
                                                                                   const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    auto cid = IdParam(req, "cid");
    if (!vid || !cid) return ErrorJson(Error::NotFound("contact not found"));
    return Done(reg.RemoveContact(a, *vid, *cid), "removed");
  }));

  router.Add("POST", "/api/v1/vendors/:vid/products", Authed(s, true, [&s, &reg](Request& req, const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    domain::VendorProduct p{.vendor_id = *vid};
    for (auto [key, target] : {std::pair{"name", &p.name}, std::pair{"cpe", &p.cpe}, std::pair{"purl", &p.purl}}) {
      auto val = OptString(*b, key);
      if (!val) return ErrorJson(val.error());
      *target = std::move(*val);
    }
    auto id = reg.AddProduct(a, p);
    if (!id) return ErrorJson(id.error());
    return Ok(201, {{"id", *id}});
  }));

  router.Add("DELETE", "/api/v1/vendors/:vid/products/:pid", Authed(s, true, [&reg](Request& req,
                                                                                   const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    auto pid = IdParam(req, "pid");
    if (!vid || !pid) return ErrorJson(Error::NotFound("product not found"));
    return Done(reg.RemoveProduct(a, *vid, *pid), "removed");
  }));

  router.Add("PUT", "/api/v1/vendors/:vid/keywords", Authed(s, true, [&s, &reg](Request& req, const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    if (!b->is_object() || !b->contains("keywords") || !(*b)["keywords"].is_array()) {
      return ErrorJson(Error::Invalid("keywords", "keywords must be an array of strings"));
    }
    std::vector<std::string> keywords;
    for (const auto& k : (*b)["keywords"]) {
      if (!k.is_string()) return ErrorJson(Error::Invalid("keywords", "keywords must be an array of strings"));
      keywords.push_back(k.get<std::string>());
    }
    return Done(reg.SetKeywords(a, *vid, keywords), "updated");
  }));

  router.Add("POST", "/api/v1/vendors/:vid/members", Authed(s, true, [&s, &reg](Request& req, const app::Actor& a) {
    auto vid = IdParam(req, "vid");
    if (!vid) return ErrorJson(Error::NotFound("vendor not found"));
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    auto uid = OptInt(*b, "user_id");
    if (!uid) return ErrorJson(uid.error());
    if (!*uid) return ErrorJson(Error::Invalid("user_id", "user_id is required"));
    return Done(reg.AddMember(a, *vid, **uid), "added");
  }));

  // An unregistered developer registers through its invitation (G2-3).
  router.Add("POST", "/api/v1/vendors/invite/:token", [&s, &reg](Request& req) {
    auto b = ReadJsonBody(req, s.ctx.config);
    if (!b) return ErrorJson(b.error());
    auto name = OptString(*b, "name");
    auto email = OptString(*b, "email");
    auto password = OptString(*b, "password");
    for (auto* r : {&name, &email, &password}) {
      if (!*r) return ErrorJson(r->error());
    }
    auto user = reg.AcceptInvite(std::string(req.Param("token")), *name, *email, *password);
    if (!user) return ErrorJson(user.error());
    return Ok(201, {{"id", user->id}, {"role", domain::RoleName(user->role)}});
  });
}

}  // namespace cvdhub::http
