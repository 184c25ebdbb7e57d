// Reference records (issue "Publication": importing the world's records):
// bulk import of CVE JSON 5 and OSV files (JSON Lines, plain or zstd), and
// the public view of one record. Records are public by nature; every stored
// record is also a document of the search index (app/search.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "domain/reference.hpp"
#include "formats/json_lines.hpp"
#include "store/reference_store.hpp"

namespace cvdhub::app {

// Counts of one import; every line read is in exactly one of the last six.
struct ImportSummary {
  std::int64_t lines = 0;      // lines read
  std::int64_t inserted = 0;   // new records
  std::int64_t updated = 0;    // records replaced by a changed line
  std::int64_t unchanged = 0;  // the same line was imported before
  std::int64_t older = 0;      // the stored record is newer (modified later): kept
  std::int64_t blank = 0;      // empty lines, skipped
  std::int64_t bad = 0;        // rejected lines (reported one by one)
  std::uint64_t bytes_read = 0;
  std::optional<std::uint64_t> bytes_total;
};

// Told about an import as it goes (the CLI draws its progress bar from this).
class ImportObserver {
 public:
  virtual ~ImportObserver() = default;
  // A line that was skipped, and why (the message names the member at fault).
  virtual void BadLine(std::int64_t line, const Error& why) = 0;
  // Called after every stored batch.
  virtual void Progress(const ImportSummary& so_far) = 0;
};

// One record as the portal shows it, with the records that name it.
struct RecordView {
  domain::ReferenceRecord record;
  std::vector<store::RecordLink> named_by;  // OSV entries whose aliases or related ids are this id
  std::vector<std::string> known_aliases;   // the record's aliases and related ids that are imported too
};

class Records {
 public:
  explicit Records(Context& ctx) : ctx_(ctx) {}

  // Reads every line of `in` as a `kind` record and stores it (upsert by id,
  // with its search document), in batched transactions. A bad line is told
  // to `observer` with its number and skipped; the rest goes in. A line
  // whose record is stored already is a no-op when it is the same line, is
  // kept out when the stored one was modified later, and replaces it
  // otherwise. Fails only when the input cannot be read or the store fails
  // (what was committed before stays).
  Result<ImportSummary> Import(domain::RecordKind kind, formats::JsonLinesReader& in, ImportObserver* observer);

  // The record `id`, or NotFound.
  Result<RecordView> Find(std::string_view id);

 private:
  Context& ctx_;
};

}  // namespace cvdhub::app
