// Full-text search of the public portal (/search, /api/v1/search): imported
// records and published advisories, Japanese and English. Everything in the
// index is public by construction (domain::SearchDoc), so searching needs no
// authorisation and every visitor gets the same answer.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "domain/search.hpp"
#include "store/reference_store.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

struct SearchItem {
  domain::SearchKind kind = domain::SearchKind::kCve;
  std::string key;
  std::string title;
  std::string url;
  domain::Snippet snippet;  // an excerpt of the text around the first match, with the matches marked
  std::optional<Timestamp> published_at;
  std::optional<Timestamp> modified_at;
};

struct SearchPage {
  std::string query;  // as understood (normalised)
  std::optional<domain::SearchKind> kind;  // only this kind of document; nullopt: all
  store::SearchOrder order = store::SearchOrder::kRelevance;
  std::vector<SearchItem> items;
  std::int64_t total = 0;
  int page = 1;
  int pages = 0;
  int per_page = 20;
};

// Either the page of results, or why the query cannot be run (to be told to
// the user in their language: catalogue key "search.error.<problem name>").
struct SearchAnswer {
  std::optional<domain::QueryProblem> problem;
  std::shared_ptr<const SearchPage> page;
};

class Search {
 public:
  static constexpr int kPerPage = 20;
  static constexpr int kMaxPage = 50;  // results beyond the 1,000th are not paged to

  explicit Search(Context& ctx) : ctx_(ctx) {}

  // Runs `text` over documents of `kind` (all when nullopt) and returns page
  // `page` (1-based; Invalid "page" outside 1…kMaxPage) in `order`. Pages are
  // cached until the store changes.
  Result<SearchAnswer> Run(std::string_view text, int page, store::SearchOrder order,
                           std::optional<domain::SearchKind> kind = std::nullopt);

 private:
  Context& ctx_;
  util::LruCache<SearchPage> cache_{512};
};

// The `kind` parameter of /search and /api/v1/search: "advisory", "cve",
// "osv", or empty for every kind; Invalid naming "kind" and the allowed
// values for anything else.
Result<std::optional<domain::SearchKind>> ParseSearchKindFilter(std::string_view name);

// "relevance" / "newest"; nullopt for anything else.
std::optional<store::SearchOrder> ParseSearchOrder(std::string_view name);
std::string_view SearchOrderName(store::SearchOrder order);

}  // namespace cvdhub::app
