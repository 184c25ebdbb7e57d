#include "web/search_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <set>

#include "app/search.hpp"
#include "http/forms.hpp"
#include "web/html_text.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::Language;
using http::Request;
using http::Response;

// "2024-08-01 16:27 UTC"
std::string When(domain::RecordTime t) {
  const auto s = std::chrono::floor<std::chrono::seconds>(t);
  std::string iso = app::FormatIsoUtc(s);  // 2024-08-01T16:27:00Z
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}
std::string Day(domain::Timestamp t) { return app::FormatIsoUtc(t).substr(0, 10); }

// Only web links become links; anything else is shown as text.
bool IsWebLink(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

void AppendLink(std::string& out, std::string_view url, std::string_view text) {
  if (!IsWebLink(url)) {
    AppendEscaped(out, text);
    return;
  }
  out += "<a href=\"";
  AppendEscaped(out, url);
  out += "\" rel=\"noopener noreferrer nofollow\">";
  AppendEscaped(out, text);
  out += "</a>";
}

// Appends `text` with the byte ranges `marks` inside <mark>.
void AppendMarked(std::string& out, const domain::Snippet& s) {
  std::size_t at = 0;
  for (const auto& [b, e] : s.marks) {
    if (b < at || e > s.text.size()) continue;
    AppendEscaped(out, std::string_view(s.text).substr(at, b - at));
    out += "<mark>";
    AppendEscaped(out, std::string_view(s.text).substr(b, e - b));
    out += "</mark>";
    at = e;
  }
  AppendEscaped(out, std::string_view(s.text).substr(at));
}

// The page number of a request; out of range or malformed reads as 1 (a page is forgiving; the API is not).
int PageNumber(std::string_view text) {
  int n = 1;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < 1) return 1;
  return std::min(n, app::Search::kMaxPage);
}

// A CVE record's version entry for people: "1.0 ≤ v < 1.4: affected".
std::string VersionText(const domain::RecordVersion& v) {
  std::string range = v.version;
  if (!v.less_than.empty()) range = (v.version == "0" || v.version == "*" ? "" : v.version + " ≤ ") + "v < " + v.less_than;
  if (!v.less_than_or_equal.empty()) {
    range = (v.version == "0" || v.version == "*" ? "" : v.version + " ≤ ") + "v ≤ " + v.less_than_or_equal;
  }
  return range + ": " + v.status;
}

// The query parameters the search page knows; any other one (e.g. notice=)
// changes the page in ways the anonymous cache's key does not capture.
bool OnlySearchParameters(const Request& req) {
  return std::all_of(req.query.begin(), req.query.end(), [](const auto& p) {
    return p.first == "q" || p.first == "kind" || p.first == "sort" || p.first == "page";
  });
}

// "/search?q=…&sort=…&kind=…" (kind left out for all), without the page number.
std::string SearchHref(std::string_view query, store::SearchOrder order, std::optional<domain::SearchKind> kind) {
  std::string href = "/search?q=" + http::PercentEncode(query) + "&sort=" + std::string(app::SearchOrderName(order));
  if (kind) href += "&kind=" + std::string(domain::SearchKindName(*kind));
  return href;
}

constexpr domain::SearchKind kKinds[] = {domain::SearchKind::kAdvisory, domain::SearchKind::kCve,
                                         domain::SearchKind::kOsv};

class SearchPages {
 public:
  explicit SearchPages(app::Services& s) : s_(s), kit_(s) {}

  // Whole pages for anonymous readers come from the cache, by store
  // generation, language and the normalised query, kind, order and page.
  Response SearchPage(Request& req);
  Response Record(Request& req);

 private:
  Response RenderSearch(Request& req);
  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }
  std::string Results(const Page& page, const app::SearchPage& r) const;
  std::string Pager(const Page& page, const app::SearchPage& r) const;
  std::string Affected(const Page& page, const domain::ReferenceRecord& r) const;
  std::string References(const domain::ReferenceRecord& r) const;

  app::Services& s_;
  PageKit kit_;
  AnonymousPageCache anonymous_{s_, 256};
};

std::string SearchPages::Results(const Page& page, const app::SearchPage& r) const {
  std::string out;
  out.reserve(r.items.size() * 600);
  out += "<ol class=\"results\" start=\"" + std::to_string((r.page - 1) * r.per_page + 1) + "\">\n";
  for (const auto& item : r.items) {
    out += "<li class=\"result\"><p class=\"result-head\"><span class=\"badge kind-";
    out += domain::SearchKindName(item.kind);
    out += "\">";
    AppendEscaped(out, T(page, "search.kind." + std::string(domain::SearchKindName(item.kind))));
    out += "</span> <a href=\"";
    AppendEscaped(out, item.url);
    out += "\"><span class=\"ident\">";
    AppendEscaped(out, item.key);
    out += "</span>";
    if (!item.title.empty()) {
      out += " ";
      AppendEscaped(out, item.title);
    }
    out += "</a></p>\n<p class=\"snippet\">";
    AppendMarked(out, item.snippet);
    out += "</p>\n<p class=\"meta\">";
    if (item.published_at) {
      AppendEscaped(out, T(page, "search.published"));
      out += " <time>" + Day(*item.published_at) + "</time>";
    }
    if (item.modified_at && item.modified_at != item.published_at) {
      if (item.published_at) out += " · ";
      AppendEscaped(out, T(page, "search.modified"));
      out += " <time>" + Day(*item.modified_at) + "</time>";
    }
    out += "</p></li>\n";
  }
  out += "</ol>\n";
  return out;
}

std::string SearchPages::Pager(const Page& page, const app::SearchPage& r) const {
  if (r.pages <= 1) return {};
  const std::string base = SearchHref(r.query, r.order, r.kind) + "&page=";
  std::string out = "<nav class=\"pager\" aria-label=\"";
  AppendEscaped(out, T(page, "search.pages"));
  out += "\">";
  if (r.page > 1) {
    out += "<a rel=\"prev\" href=\"";
    AppendEscaped(out, base + std::to_string(r.page - 1));
    out += "\">← ";
    AppendEscaped(out, T(page, "search.prev"));
    out += "</a>";
  }
  out += "<span class=\"current\">" + std::to_string(r.page) + " / " + std::to_string(r.pages) + "</span>";
  if (r.page < r.pages) {
    out += "<a rel=\"next\" href=\"";
    AppendEscaped(out, base + std::to_string(r.page + 1));
    out += "\">";
    AppendEscaped(out, T(page, "search.next"));
    out += " →</a>";
  }
  out += "</nav>\n";
  return out;
}

Response SearchPages::SearchPage(Request& req) {
  if (!OnlySearchParameters(req)) return RenderSearch(req);
  // The key: what the page shows, normalised as the page itself reads it.
  const auto kind = app::ParseSearchKindFilter(req.Query("kind"));
  if (!kind) return RenderSearch(req);  // a 400, not kept
  const auto order = app::ParseSearchOrder(req.Query("sort")).value_or(store::SearchOrder::kRelevance);
  std::string variant = fmt::format("kind={}&sort={}", *kind ? domain::SearchKindName(**kind) : "",
                                    app::SearchOrderName(order));
  if (req.query.contains("q")) {
    auto parsed = domain::ParseSearchQuery(req.Query("q"));
    const auto* query = std::get_if<domain::SearchQuery>(&parsed);
    if (!query) return RenderSearch(req);  // a 400, not kept
    variant += fmt::format("&page={}&q={}", PageNumber(req.Query("page")), query->normalized);
  }
  std::string key;
  if (auto hit = anonymous_.Find(req, key, variant)) return std::move(*hit);
  Response r = RenderSearch(req);
  anonymous_.Store(key, r);  // only a 200 for an anonymous reader (Find set no key for anyone else)
  return r;
}

Response SearchPages::RenderSearch(Request& req) {
  BEGIN_PAGE(kit_, req);
  const bool asked = req.query.contains("q");
  std::string q(req.Query("q"));
  const auto order = app::ParseSearchOrder(req.Query("sort")).value_or(store::SearchOrder::kRelevance);
  auto kind = app::ParseSearchKindFilter(req.Query("kind"));
  const std::optional<domain::SearchKind> chosen = kind ? *kind : std::nullopt;
  mstch::map ctx{{"newest", order == store::SearchOrder::kNewest},
                 {"problem", false},
                 {"summary", false},
                 {"none", false},
                 {"has_kind_links", false},
                 {"kind_links", mstch::array{}}};
  Blocks blocks{{"results", ""}, {"pager", ""}};
  int status = 200;
  if (!kind) {
    // A filter that cannot be honoured is said, never silently widened to every kind.
    status = 400;
    ctx["problem"] = S(T(page, "search.error.kind"));
  } else if (asked) {
    auto answer = s_.search.Run(q, PageNumber(req.Query("page")), order, chosen);
    if (!answer) return kit_.ErrorPage(page, answer.error());
    if (answer->problem) {
      status = 400;
      ctx["problem"] = S(T(page, "search.error." + std::string(domain::QueryProblemName(*answer->problem))));
    } else {
      const auto& r = *answer->page;
      q = r.query;  // the box shows the query as understood (the page is cached by it)
      ctx["summary"] = S(s_.ctx.catalog.Format(page.pc.lang, "search.summary",
                                               {{"count", std::to_string(r.total)}, {"query", r.query}}));
      ctx["none"] = r.total == 0;
      blocks = {{"results", r.items.empty() ? std::string() : Results(page, r)}, {"pager", Pager(page, r)}};
      // The same search in each kind: plain links, no script needed.
      mstch::array links;
      links.push_back(mstch::map{{"label", S(T(page, "search.kind.all"))},
                                 {"href", S(SearchHref(r.query, order, std::nullopt))},
                                 {"current", !chosen}});
      for (const auto k : kKinds) {
        links.push_back(mstch::map{{"label", S(T(page, "search.kinds." + std::string(domain::SearchKindName(k))))},
                                   {"href", S(SearchHref(r.query, order, k))},
                                   {"current", chosen == k}});
      }
      ctx["kind_links"] = std::move(links);
      ctx["has_kind_links"] = true;
    }
  }
  mstch::array options;
  options.push_back(mstch::map{{"value", S("")}, {"label", S(T(page, "search.kind.all"))}, {"selected", !chosen}});
  for (const auto k : kKinds) {
    const std::string name(domain::SearchKindName(k));
    options.push_back(mstch::map{
        {"value", S(name)}, {"label", S(T(page, "search.kinds." + name))}, {"selected", chosen == k}});
  }
  ctx["kinds"] = std::move(options);
  ctx["q"] = S(q);
  return kit_.Html(page, status, "search", "search.title", std::move(ctx), blocks);
}

std::string SearchPages::Affected(const Page& page, const domain::ReferenceRecord& r) const {
  std::string out;
  for (const auto& a : r.affected) {
    out += "<tr><td>";
    if (r.kind == domain::RecordKind::kCve) {
      AppendEscaped(out, a.vendor);
      out += "</td><td>";
      AppendEscaped(out, a.product);
      if (!a.package_name.empty()) {
        out += "<span class=\"sub\">";
        AppendEscaped(out, a.package_name);
        out += "</span>";
      }
      for (const auto& cpe : a.cpes) {
        out += "<span class=\"sub mono\">";
        AppendEscaped(out, cpe);
        out += "</span>";
      }
      out += "</td><td>";
      for (const auto& v : a.versions) {
        AppendEscaped(out, VersionText(v));
        out += "<br>";
      }
      if (!a.default_status.empty()) {
        out += "<span class=\"sub\">";
        AppendEscaped(out, T(page, "records.default_status"));
        out += ": ";
        AppendEscaped(out, a.default_status);
        out += "</span>";
      }
    } else {
      AppendEscaped(out, a.ecosystem);
      out += "</td><td>";
      AppendEscaped(out, a.package_name);
      if (!a.purl.empty()) {
        out += "<span class=\"sub mono\">";
        AppendEscaped(out, a.purl);
        out += "</span>";
      }
      out += "</td><td>";
      for (const auto& range : a.ranges) {
        std::string text = range.type + ":";
        for (const auto& [kind, value] : range.events) text += " " + kind + " " + value;
        AppendEscaped(out, text);
        out += "<br>";
      }
      if (!a.enumerated_versions.empty()) {
        out += "<span class=\"sub\">";
        std::string list;
        for (const auto& v : a.enumerated_versions) list += (list.empty() ? "" : ", ") + v;
        AppendEscaped(out, list);
        out += "</span>";
      }
    }
    out += "</td></tr>\n";
  }
  return out;
}

std::string SearchPages::References(const domain::ReferenceRecord& r) const {
  std::string out;
  std::set<std::string_view> seen;  // ADPs repeat the CNA's references
  for (const auto& l : r.references) {
    if (!seen.insert(l.url).second) continue;
    out += "<li>";
    AppendLink(out, l.url, l.url);
    std::string tags = l.type;
    for (const auto& t : l.tags) {
      if (t.starts_with("x_")) continue;
      tags += (tags.empty() ? "" : ", ") + t;
    }
    if (!tags.empty()) {
      out += " <span class=\"muted\">(";
      AppendEscaped(out, tags);
      out += ")</span>";
    }
    out += "</li>\n";
  }
  return out;
}

Response SearchPages::Record(Request& req) {
  BEGIN_PAGE(kit_, req);
  const std::string id(req.Param("id"));
  auto found = s_.records.Find(id);
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) {
      return kit_.ErrorPage(page, Error::NotFound(T(page, "error.not_found")));
    }
    return kit_.ErrorPage(page, found.error());
  }
  const auto& v = *found;
  const auto& r = v.record;
  const bool cve = r.kind == domain::RecordKind::kCve;
  auto source = [&r](int container) -> std::string {
    const auto i = static_cast<std::size_t>(container);
    if (r.kind == domain::RecordKind::kOsv || i >= r.containers.size()) return "";
    return i == 0 ? r.containers[0].short_name + " (CNA)" : r.containers[i].short_name + " (ADP)";
  };

  mstch::array texts;
  for (const auto& t : r.texts) {
    if (t.kind == domain::TextKind::kTitle) continue;
    texts.push_back(mstch::map{{"lang", S(t.lang)}, {"value", S(t.value)}, {"source", S(source(t.container))}});
  }
  mstch::array metrics;
  for (const auto& m : r.metrics) {
    metrics.push_back(mstch::map{{"version", S(domain::CvssVersionOf(m.type))},
                                 {"score", S(m.score ? fmt::format("{:.1f}", *m.score) : "")},
                                 {"severity", S(m.severity)},
                                 {"vector", S(m.vector)},
                                 {"source", S(source(m.container))}});
  }
  mstch::array cwes;
  for (const auto& p : r.problem_types) {
    const bool cwe_link = p.cwe_id.starts_with("CWE-");
    cwes.push_back(mstch::map{{"cwe", S(p.cwe_id)},
                              {"cwe_number", S(cwe_link ? p.cwe_id.substr(4) : "")},
                              {"linked", cwe_link},
                              {"description", S(p.description)},
                              {"source", S(source(p.container))}});
  }
  mstch::array aliases;
  for (const auto* list : {&r.aliases, &r.related}) {
    for (const auto& a : *list) {
      const bool known = std::find(v.known_aliases.begin(), v.known_aliases.end(), a) != v.known_aliases.end();
      aliases.push_back(mstch::map{{"id", S(a)}, {"known", known}, {"related", list == &r.related}});
    }
  }
  mstch::array named_by;
  for (const auto& l : v.named_by) named_by.push_back(mstch::map{{"id", S(l.id)}});
  auto moment = [](const std::optional<domain::RecordTime>& t) -> mstch::node {
    // Times before 1970 are placeholders (Go's zero time in OSV entries), not dates.
    if (!t || t->time_since_epoch().count() < 0) return false;
    return S(When(*t));
  };
  const bool has_texts = !texts.empty(), has_metrics = !metrics.empty(), has_cwes = !cwes.empty();
  const bool has_aliases = !aliases.empty(), has_named_by = !named_by.empty();
  const bool has_affected = !r.affected.empty(), has_references = !r.references.empty();
  std::string assigner = r.assigner_short_name.empty() ? r.assigner_org_id : r.assigner_short_name;
  return kit_.Html(
      page, 200, "record", r.id,
      {{"id", S(r.id)},
       {"title", S(std::string(r.Title()))},
       {"cve", cve},
       {"kind", S(T(page, cve ? "records.kind.cve" : "records.kind.osv"))},
       {"state", S(r.state)},
       {"inactive", r.state == "REJECTED" || r.state == "WITHDRAWN"},
       {"assigner", S(assigner)},
       {"published", moment(r.published)},
       {"modified", moment(r.modified)},
       {"reserved", moment(r.reserved)},
       {"rejected", moment(r.rejected)},
       {"withdrawn", moment(r.withdrawn)},
       {"texts", std::move(texts)},
       {"has_texts", has_texts},
       {"metrics", std::move(metrics)},
       {"has_metrics", has_metrics},
       {"cwes", std::move(cwes)},
       {"has_cwes", has_cwes},
       {"aliases", std::move(aliases)},
       {"has_aliases", has_aliases},
       {"named_by", std::move(named_by)},
       {"has_named_by", has_named_by},
       {"has_affected", has_affected},
       {"has_references", has_references}},
      {{"affected_rows", has_affected ? Affected(page, r) : std::string()},
       {"reference_items", has_references ? References(r) : std::string()}});
}

}  // namespace

void RegisterSearchPages(http::Router& router, app::Services& services) {
  auto pages = std::make_shared<SearchPages>(services);
  auto bind = [pages](Response (SearchPages::*fn)(Request&)) {
    return [pages, fn](Request& req) { return ((*pages).*fn)(req); };
  };
  router.Add("GET", "/search", bind(&SearchPages::SearchPage));
  router.Add("GET", "/records/:id", bind(&SearchPages::Record));
}

}  // namespace cvdhub::web
