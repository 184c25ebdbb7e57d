#include "http/publication_api.hpp"

#include <fmt/chrono.h>

#include "formats/advisory_json.hpp"
#include "http/api_util.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;

std::string IsoUtc(domain::Timestamp t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

json DraftViewToJson(const app::AdvisoryDraftView& v) {
  json out = formats::AdvisoryToJson(v.advisory);
  out["case_id"] = v.c.id;
  out["publication_at"] = v.publication_at ? json(IsoUtc(*v.publication_at)) : json(nullptr);
  out["date_agreed"] = v.date_agreed;
  json vendors = json::array();
  for (const auto& row : v.vendors) {
    vendors.push_back({{"vendor_id", row.vendor_id},
                       {"vendor", row.vendor_name},
                       {"status", domain::Wording(row.status).name},
                       {"statement", row.statement},
                       {"advisory_url", row.advisory_url}});
  }
  out["vendors"] = std::move(vendors);
  json comments = json::array();
  for (const auto& c : v.comments) {
    comments.push_back({{"id", c.id},
                        {"vendor_id", c.vendor_id},
                        {"vendor", c.vendor_name},
                        {"author", c.author_name},
                        {"body", c.body},
                        {"created", IsoUtc(c.created_at)}});
  }
  out["comments"] = std::move(comments);
  return out;
}

// A positive page number from ?page= (1 when absent); Invalid otherwise.
Result<int> PageParam(const Request& req) {
  const auto text = req.Query("page");
  if (text.empty()) return 1;
  int page = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || page > 100000) return Error::Invalid("page", "page must be a positive number");
    page = page * 10 + (c - '0');
  }
  if (page < 1) return Error::Invalid("page", "page must be a positive number");
  return page;
}

}  // namespace

void RegisterPublicationApi(Router& router, app::Services& s) {
  app::Publication& pub = s.publication;

  // --- The coordinator's draft ---
  router.Add("GET", "/api/v1/cases/:id/advisory",
             CaseRoute(s, false, [&pub](Request&, const app::Actor& a, std::int64_t id, const json&) {
               auto v = pub.Draft(a, id);
               if (!v) return ErrorJson(v.error());
               return Ok(200, DraftViewToJson(*v));
             }));
  router.Add("PUT", "/api/v1/cases/:id/advisory",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json& body) {
               auto draft = formats::DraftFromJson(body);
               if (!draft) return ErrorJson(draft.error());
               if (auto st = pub.SaveDraft(a, id, *draft); !st) return ErrorJson(st.error());
               auto v = pub.Draft(a, id);
               if (!v) return ErrorJson(v.error());
               return Ok(200, DraftViewToJson(*v));
             }));
  router.Add("POST", "/api/v1/cases/:id/advisory/review",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json&) {
               return Done(pub.ShareForReview(a, id), "review");
             }));
  router.Add("POST", "/api/v1/cases/:id/advisory/schedule",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json&) {
               return Done(pub.Schedule(a, id), "scheduled");
             }));
  router.Add("POST", "/api/v1/cases/:id/advisory/unschedule",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json&) {
               return Done(pub.Unschedule(a, id), "review");
             }));
  router.Add("POST", "/api/v1/cases/:id/advisory/updates",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json& body) {
               auto ja = OptString(body, "ja");
               if (!ja) return ErrorJson(ja.error());
               auto en = OptString(body, "en");
               if (!en) return ErrorJson(en.error());
               return Done(pub.AddUpdate(a, id, *ja, *en), "added");
             }));

  // --- The vendors' review ---
  router.Add("GET", "/api/v1/cases/:id/advisory/shared",
             CaseRoute(s, false, [&pub](Request&, const app::Actor& a, std::int64_t id, const json&) {
               auto v = pub.ReviewDraft(a, id);
               if (!v) return ErrorJson(v.error());
               return Ok(200, DraftViewToJson(*v));
             }));
  router.Add("POST", "/api/v1/cases/:id/advisory/comments",
             CaseRoute(s, true, [&pub](Request&, const app::Actor& a, std::int64_t id, const json& body) {
               auto text = OptString(body, "body");
               if (!text) return ErrorJson(text.error());
               return Done(pub.Comment(a, id, *text), "added");
             }));

  // --- Public ---
  router.Add("GET", "/api/v1/advisories", [&pub](Request& req) -> Response {
    auto page = PageParam(req);
    if (!page) return ErrorJson(page.error());
    if (const auto since = req.Query("since"); !since.empty()) {
      // Polling clients: everything modified at or after `since`.
      auto t = ParseIsoTimestamp(since);
      if (!t) return ErrorJson(Error::Invalid("since", "since must be an ISO 8601 time with a zone, e.g. 2026-12-01T00:00:00Z"));
      auto list = pub.PublicSince(*t, 200);
      if (!list) return ErrorJson(list.error());
      json items = json::array();
      for (const auto& p : *list) items.push_back(formats::PublicAdvisoryToJson(p));
      return Ok(200, {{"advisories", std::move(items)}});
    }
    auto list = pub.PublicList(*page, 20);
    if (!list) return ErrorJson(list.error());
    json items = json::array();
    for (const auto& p : list->items) items.push_back(formats::PublicAdvisoryToJson(p));
    return Ok(200, {{"advisories", std::move(items)}, {"page", list->page}, {"pages", list->pages},
                    {"total", list->total}});
  });
  router.Add("GET", "/api/v1/advisories/:id", [&pub](Request& req) -> Response {
    auto p = pub.Public(std::string(req.Param("id")));
    if (!p) return ErrorJson(p.error());
    return Ok(200, formats::PublicAdvisoryToJson(*p));
  });
}

}  // namespace cvdhub::http
