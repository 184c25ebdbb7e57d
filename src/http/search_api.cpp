#include "http/search_api.hpp"

#include <charconv>
#include <memory>

#include "app/search.hpp"
#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"
#include "http/api_util.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::http {
namespace {

using nlohmann::json;

json OptRecordTime(const std::optional<domain::RecordTime>& t) {
  return t ? json(domain::FormatRecordTime(*t)) : json(nullptr);
}

// The record as cvdhub keeps it (the "native" format re-exports it as CVE JSON 5 / OSV).
json RecordToJson(const app::RecordView& v) {
  const auto& r = v.record;
  json containers = json::array();
  for (const auto& c : r.containers) {
    containers.push_back({{"org_id", c.org_id}, {"short_name", c.short_name},
                          {"date_updated", OptRecordTime(c.date_updated)}});
  }
  json texts = json::array();
  for (const auto& t : r.texts) {
    texts.push_back({{"container", t.container}, {"kind", domain::TextKindName(t.kind)}, {"lang", t.lang},
                     {"value", t.value}});
  }
  json affected = json::array();
  for (const auto& a : r.affected) {
    json j = {{"container", a.container}};
    if (r.kind == domain::RecordKind::kCve) {
      json versions = json::array();
      for (const auto& ver : a.versions) {
        versions.push_back({{"version", ver.version}, {"status", ver.status}, {"less_than", ver.less_than},
                            {"less_than_or_equal", ver.less_than_or_equal}, {"version_type", ver.version_type}});
      }
      j.update({{"vendor", a.vendor}, {"product", a.product}, {"package_name", a.package_name},
                {"collection_url", a.collection_url}, {"repo", a.repo}, {"default_status", a.default_status},
                {"cpes", a.cpes}, {"platforms", a.platforms}, {"versions", versions}});
    } else {
      json ranges = json::array();
      for (const auto& range : a.ranges) {
        json events = json::array();
        for (const auto& [kind, value] : range.events) events.push_back({{kind, value}});
        ranges.push_back({{"type", range.type}, {"repo", range.repo}, {"events", events}});
      }
      j.update({{"ecosystem", a.ecosystem}, {"package_name", a.package_name}, {"purl", a.purl}, {"ranges", ranges},
                {"versions", a.enumerated_versions}});
    }
    affected.push_back(std::move(j));
  }
  json problem_types = json::array();
  for (const auto& p : r.problem_types) {
    problem_types.push_back({{"container", p.container}, {"cwe_id", p.cwe_id}, {"type", p.type}, {"lang", p.lang},
                             {"description", p.description}});
  }
  json metrics = json::array();
  for (const auto& m : r.metrics) {
    metrics.push_back({{"container", m.container}, {"type", m.type}, {"version", domain::CvssVersionOf(m.type)},
                       {"vector", m.vector}, {"score", m.score ? json(*m.score) : json(nullptr)},
                       {"severity", m.severity}});
  }
  json references = json::array();
  for (const auto& l : r.references) {
    json j = {{"container", l.container}, {"url", l.url}};
    if (!l.name.empty()) j["name"] = l.name;
    if (!l.type.empty()) j["type"] = l.type;
    if (!l.tags.empty()) j["tags"] = l.tags;
    references.push_back(std::move(j));
  }
  json named_by = json::array();
  for (const auto& l : v.named_by) named_by.push_back({{"id", l.id}, {"kind", domain::RecordKindName(l.kind)},
                                                       {"relation", l.relation}});
  return {{"id", r.id},
          {"kind", domain::RecordKindName(r.kind)},
          {"url", domain::RecordPath(r.id)},
          {"state", r.state},
          {"format_version", r.format_version},
          {"assigner_org_id", r.assigner_org_id},
          {"assigner_short_name", r.assigner_short_name},
          {"published", OptRecordTime(r.published)},
          {"modified", OptRecordTime(r.modified)},
          {"reserved", OptRecordTime(r.reserved)},
          {"rejected", OptRecordTime(r.rejected)},
          {"withdrawn", OptRecordTime(r.withdrawn)},
          {"title", r.Title()},
          {"containers", containers},
          {"texts", texts},
          {"affected", affected},
          {"problem_types", problem_types},
          {"metrics", metrics},
          {"references", references},
          {"aliases", r.aliases},
          {"related", r.related},
          {"named_by", named_by}};
}

json OptTime(const std::optional<domain::Timestamp>& t) { return t ? json(app::FormatIsoUtc(*t)) : json(nullptr); }

}  // namespace

void RegisterSearchApi(Router& router, app::Services& s) {
  // Answers by store generation and query string: a repeated search costs a lookup.
  auto answers = std::make_shared<util::LruCache<std::string>>(1024);
  router.Add("GET", "/api/v1/search", [&s, answers](Request& req) {
    const std::string key = std::to_string(s.ctx.store.Generation()) + "|" + req.raw_query;
    if (auto body = answers->Get(key)) return Response::Json(200, *body);
    int page = 1;
    if (const auto text = req.Query("page"); !text.empty()) {
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
      if (ec != std::errc() || p != text.data() + text.size()) {
        return ErrorJson(Error::Invalid("page", "page must be a number"));
      }
    }
    auto order = store::SearchOrder::kRelevance;
    if (const auto text = req.Query("sort"); !text.empty()) {
      const auto parsed = app::ParseSearchOrder(text);
      if (!parsed) return ErrorJson(Error::Invalid("sort", "sort must be relevance or newest"));
      order = *parsed;
    }
    auto kind = app::ParseSearchKindFilter(req.Query("kind"));
    if (!kind) return ErrorJson(kind.error());
    auto answer = s.search.Run(req.Query("q"), page, order, *kind);
    if (!answer) return ErrorJson(answer.error());
    if (answer->problem) {
      // The API speaks English; the pages say the same in the viewer's language.
      const std::string key = "search.error." + std::string(domain::QueryProblemName(*answer->problem));
      Error e = Error::Invalid("q", std::string(s.ctx.catalog.Get(domain::Language::kEn, key)));
      json body = {{"error", {{"code", "invalid_input"}, {"field", "q"}, {"message", e.message},
                              {"reason", domain::QueryProblemName(*answer->problem)}}}};
      return Ok(400, body);
    }
    const auto& r = *answer->page;
    json results = json::array();
    for (const auto& item : r.items) {
      json marks = json::array();
      for (const auto& [b, e] : item.snippet.marks) marks.push_back({b, e});
      results.push_back({{"kind", domain::SearchKindName(item.kind)},
                         {"id", item.key},
                         {"title", item.title},
                         {"url", item.url},
                         {"snippet", item.snippet.text},
                         {"highlights", marks},
                         {"published_at", OptTime(item.published_at)},
                         {"modified_at", OptTime(item.modified_at)}});
    }
    Response out = Ok(200, {{"query", r.query},
                            {"kind", r.kind ? json(domain::SearchKindName(*r.kind)) : json(nullptr)},
                            {"sort", app::SearchOrderName(r.order)},
                            {"total", r.total},
                            {"page", r.page},
                            {"pages", r.pages},
                            {"per_page", r.per_page},
                            {"results", results}});
    answers->Put(key, std::make_shared<const std::string>(out.body));
    return out;
  });

  router.Add("GET", "/api/v1/records/:id", [&s](Request& req) {
    const auto format = req.Query("format");
    if (!format.empty() && format != "native") {
      return ErrorJson(Error::Invalid("format", "format must be native (or absent)"));
    }
    auto v = s.records.Find(req.Param("id"));
    if (!v) return ErrorJson(v.error());
    if (format == "native") {
      const auto out = v->record.kind == domain::RecordKind::kCve ? formats::CveReferenceToJson(v->record)
                                                                  : formats::OsvReferenceToJson(v->record);
      return Response::Json(200, out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    }
    return Ok(200, RecordToJson(*v));
  });
}

}  // namespace cvdhub::http
