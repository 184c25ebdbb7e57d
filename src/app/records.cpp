#include "app/records.hpp"

#include <sodium.h>

#include <algorithm>

#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"

namespace cvdhub::app {
namespace {

// Records stored per write transaction: large enough that the commit cost
// vanishes, small enough that a server sharing the store is not kept waiting
// long (about 0.1 s of work).
constexpr std::size_t kBatchRecords = 500;

// BLAKE2b-128 of the line, hex: identifies an imported line.
std::string LineHash(std::string_view line) {
  unsigned char digest[16];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(line.data()), line.size(),
                     nullptr, 0);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  for (std::size_t i = 0; i < sizeof digest; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return out;
}

struct Parsed {
  std::int64_t line = 0;
  std::string hash;
  domain::ReferenceRecord record;
};

}  // namespace

Result<ImportSummary> Records::Import(domain::RecordKind kind, formats::JsonLinesReader& in,
                                      ImportObserver* observer) {
  ImportSummary sum;
  sum.bytes_total = in.file_size();
  std::vector<Parsed> batch;
  batch.reserve(kBatchRecords);
  auto bad = [&](std::int64_t line, const Error& why) {
    ++sum.bad;
    if (observer != nullptr) observer->BadLine(line, why);
  };

  // Stores the batch in one transaction; lines whose id is held by a record
  // of the other kind are bad lines.
  auto flush = [&]() -> Status {
    if (batch.empty()) return {};
    const Timestamp now = ctx_.clock.Now();
    ImportSummary delta;
    std::vector<std::pair<std::int64_t, Error>> conflicts;
    auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
      delta = {};
      conflicts.clear();
      auto& ref = tx.reference();
      for (const auto& p : batch) {
        auto meta = ref.FindRecordMeta(p.record.id);
        if (!meta) return meta.error();
        if (*meta) {
          const auto& stored = **meta;
          if (stored.kind != p.record.kind) {
            conflicts.emplace_back(p.line, Error::Invalid("id", p.record.id + " is already stored as " +
                                                                     (stored.kind == domain::RecordKind::kCve
                                                                          ? "a CVE record"
                                                                          : "an OSV entry") +
                                                                     "; one id cannot name both"));
            continue;
          }
          if (stored.source_hash == p.hash) {
            ++delta.unchanged;
            continue;
          }
          if (stored.modified && p.record.modified && *p.record.modified < *stored.modified) {
            ++delta.older;
            continue;
          }
        }
        if (auto s = ref.PutRecord(p.record, p.hash, now); !s) return s;
        if (auto s = ref.UpsertSearchDoc(domain::RecordSearchDoc(p.record)); !s) return s;
        ++(*meta ? delta.updated : delta.inserted);
      }
      return {};
    });
    if (!st) return st;
    sum.inserted += delta.inserted;
    sum.updated += delta.updated;
    sum.unchanged += delta.unchanged;
    sum.older += delta.older;
    for (const auto& [line, why] : conflicts) bad(line, why);
    batch.clear();
    sum.bytes_read = in.bytes_read();
    if (observer != nullptr) observer->Progress(sum);
    return {};
  };

  const auto parse = kind == domain::RecordKind::kCve ? formats::ParseCveReference : formats::ParseOsvReference;
  while (true) {
    auto next = in.Next();
    if (!next) {
      // What was read so far is kept; the summary of it goes with the error.
      if (auto st = flush(); !st) return st.error();
      return next.error();
    }
    if (!*next) break;
    const formats::JsonLine& line = **next;
    ++sum.lines;
    if (line.too_long) {
      bad(line.number, Error::Invalid("line", "the line is longer than the limit; skipped"));
      continue;
    }
    if (line.text.find_first_not_of(" \t") == std::string_view::npos) {
      ++sum.blank;
      continue;
    }
    auto record = parse(line.text);
    if (!record) {
      bad(line.number, record.error());
      continue;
    }
    batch.push_back({line.number, LineHash(line.text), std::move(*record)});
    if (batch.size() >= kBatchRecords) {
      if (auto st = flush(); !st) return st.error();
    }
  }
  if (auto st = flush(); !st) return st.error();
  sum.bytes_read = in.bytes_read();
  return sum;
}

Result<RecordView> Records::Find(std::string_view id) {
  RecordView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto& ref = tx.reference();
    auto r = ref.FindRecord(id);
    if (!r) return r.error();
    view.record = std::move(*r);
    auto named = ref.FindRecordsNaming(id);
    if (!named) return named.error();
    view.named_by = std::move(*named);
    for (const auto* list : {&view.record.aliases, &view.record.related}) {
      for (const auto& alias : *list) {
        auto meta = ref.FindRecordMeta(alias);
        if (!meta) return meta.error();
        if (*meta) view.known_aliases.push_back(alias);
      }
    }
    return {};
  });
  if (!st) return st.error();
  return view;
}

}  // namespace cvdhub::app
