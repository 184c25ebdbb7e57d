// libFuzzer target for the parsers of imported records and of search
// queries: a CVE JSON 5 line, an OSV line, a record time, a search query,
// the tokenizer and the snippet maker. Each must accept or refuse with an
// error naming the problem, and what it accepts must export again.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "domain/reference.hpp"
#include "domain/search.hpp"
#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto cve = cvdhub::formats::ParseCveReference(in)) {
    (void)cvdhub::formats::CveReferenceToJson(*cve).dump();
    (void)cvdhub::domain::RecordSearchDoc(*cve);
  }
  if (auto osv = cvdhub::formats::ParseOsvReference(in)) (void)cvdhub::formats::OsvReferenceToJson(*osv).dump();
  if (auto t = cvdhub::domain::ParseRecordTime(in)) (void)cvdhub::domain::FormatRecordTime(*t);
  (void)cvdhub::domain::IndexText(in);
  auto q = cvdhub::domain::ParseSearchQuery(in);
  if (const auto* query = std::get_if<cvdhub::domain::SearchQuery>(&q)) {
    (void)query->Fts5Expression();
    (void)cvdhub::domain::MakeSnippet(in, *query);
  }
  return 0;
}
