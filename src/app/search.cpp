#include "app/search.hpp"

#include <fmt/format.h>

namespace cvdhub::app {

std::optional<store::SearchOrder> ParseSearchOrder(std::string_view name) {
  if (name == "relevance") return store::SearchOrder::kRelevance;
  if (name == "newest") return store::SearchOrder::kNewest;
  return std::nullopt;
}

Result<std::optional<domain::SearchKind>> ParseSearchKindFilter(std::string_view name) {
  if (name.empty()) return std::optional<domain::SearchKind>();
  if (auto kind = domain::ParseSearchKind(name)) return std::optional<domain::SearchKind>(*kind);
  return Error::Invalid("kind", "kind must be advisory, cve or osv (or absent for all)");
}

std::string_view SearchOrderName(store::SearchOrder order) {
  return order == store::SearchOrder::kNewest ? "newest" : "relevance";
}

Result<SearchAnswer> Search::Run(std::string_view text, int page, store::SearchOrder order,
                                 std::optional<domain::SearchKind> kind) {
  if (page < 1 || page > kMaxPage) {
    return Error::Invalid("page", fmt::format("page must be a number from 1 to {}", kMaxPage));
  }
  auto parsed = domain::ParseSearchQuery(text);
  if (const auto* problem = std::get_if<domain::QueryProblem>(&parsed)) return SearchAnswer{*problem, nullptr};
  const auto& query = std::get<domain::SearchQuery>(parsed);

  // The generation moves with every committed write, so a cached page never outlives a change.
  const std::string key =
      fmt::format("{}|{}|{}|{}|{}", ctx_.store.Generation(), SearchOrderName(order),
                  kind ? domain::SearchKindName(*kind) : std::string_view("all"), page, query.Fts5Expression());
  if (auto hit = cache_.Get(key)) return SearchAnswer{std::nullopt, std::move(hit)};

  auto out = std::make_shared<SearchPage>();
  out->query = query.normalized;
  out->kind = kind;
  out->order = order;
  out->page = page;
  out->per_page = kPerPage;
  std::vector<store::SearchHit> hits;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto& ref = tx.reference();
    auto total = ref.CountMatches(query, kind);
    if (!total) return total.error();
    out->total = *total;
    if (*total <= static_cast<std::int64_t>(page - 1) * kPerPage) return {};
    auto found = ref.Search(query, kind, order, kPerPage, (page - 1) * kPerPage);
    if (!found) return found.error();
    hits = std::move(*found);
    return {};
  });
  if (!st) {
    // FTS5 refused the expression: the query's fault, said as "no searchable words".
    if (st.error().code == ErrorCode::kInvalidInput) return SearchAnswer{domain::QueryProblem::kNoWords, nullptr};
    return st.error();
  }
  out->pages = static_cast<int>(
      std::min<std::int64_t>((out->total + kPerPage - 1) / kPerPage, static_cast<std::int64_t>(kMaxPage)));
  out->items.reserve(hits.size());
  for (auto& h : hits) {
    SearchItem item{h.kind, std::move(h.key), std::move(h.title), std::move(h.url), {}, h.published_at,
                    h.modified_at};
    item.snippet = domain::MakeSnippet(h.text, query);
    out->items.push_back(std::move(item));
  }
  std::shared_ptr<const SearchPage> shared = std::move(out);
  cache_.Put(key, shared);
  return SearchAnswer{std::nullopt, std::move(shared)};
}

}  // namespace cvdhub::app
