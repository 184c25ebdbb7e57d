// Full-text search over public material — imported reference records (CVE,
// OSV) and published advisories — in Japanese and English: the document the
// index holds, the tokenizer that the index and queries share, and query
// parsing. Pure functions: no I/O.
//
// Tokens: words of space-separated scripts (Latin, Greek, Cyrillic, digits)
// are lower-cased whole words; a run of kanji/kana/hangul becomes its
// overlapping bigrams followed by the run's last character, so a two-letter
// Japanese term (認証) is one token, a longer one (脆弱性) a phrase of
// bigrams, and a one-letter one (字) a prefix of a token. Full-width ASCII and
// half-width katakana are folded first (NFKC for those); punctuation separates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/report.hpp"

namespace cvdhub::domain {

enum class SearchKind { kAdvisory, kCve, kOsv };
std::string_view SearchKindName(SearchKind kind);  // "advisory", "cve", "osv"
std::optional<SearchKind> ParseSearchKind(std::string_view name);

// One searchable document, keyed by (kind, key). Only public material may be
// indexed: an advisory is added by the transaction that publishes it, never
// before; imported records are public by nature.
struct SearchDoc {
  SearchKind kind = SearchKind::kAdvisory;
  std::string key;    // "JVN#12345678", "CVE-2024-1234", "GO-2024-0001"
  std::string title;  // shown as the result's heading
  std::string text;   // everything else searchable, Japanese and English together
  std::string url;    // where the result links to, a local path, e.g. "/records/CVE-2024-1234"
  std::optional<Timestamp> published_at;
  std::optional<Timestamp> modified_at;
};

// The tokens of `text`, in order (see the top of this file). Invalid UTF-8
// bytes separate tokens like punctuation; nothing throws.
std::vector<std::string> Tokenize(std::string_view text);
// The tokens joined by single spaces: what the index stores.
std::string IndexText(std::string_view text);

// One query term: its tokens must appear next to each other, in order (a
// single token is a phrase of one). With `prefix`, the last token may be the
// start of a longer one (a one-character Japanese term at the term's end).
struct SearchTerm {
  std::vector<std::string> tokens;
  bool prefix = false;
};

// A parsed query: every term must match (AND).
struct SearchQuery {
  std::string normalized;  // the terms as understood, for display and cache keys
  std::vector<SearchTerm> terms;
  // The SQLite FTS5 MATCH expression: each term a quoted phrase, joined by AND.
  std::string Fts5Expression() const;
};

inline constexpr std::size_t kMaxQueryChars = 200;  // code points
inline constexpr std::size_t kMaxQueryTerms = 12;

// Why a query cannot be run. The name is the suffix of the message's
// catalogue key "search.error.<name>".
enum class QueryProblem { kEmpty, kTooLong, kTooManyTerms, kNoWords, kBadEncoding };
std::string_view QueryProblemName(QueryProblem problem);  // "empty", "too_long", "too_many_terms", "no_words", "bad_encoding"

// Parses what a user typed: terms are separated by spaces (ASCII or
// ideographic); "double quotes" make one term of several words. Terms with
// nothing searchable (only punctuation) are dropped; a query left without
// terms is kNoWords.
std::variant<SearchQuery, QueryProblem> ParseSearchQuery(std::string_view text);

// A short excerpt of `text` around the first place a query term occurs (the
// start of the text when none does), at most about `max_chars` code points,
// with "…" where it was cut, and the byte ranges [begin, end) of the matched
// terms within the excerpt, for highlighting.
struct Snippet {
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> marks;
};
Snippet MakeSnippet(std::string_view text, const SearchQuery& query, std::size_t max_chars = 160);

}  // namespace cvdhub::domain
