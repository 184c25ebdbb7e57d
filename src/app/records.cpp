#include "app/records.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <thread>

#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"

namespace cvdhub::app {
namespace {

// Records stored per write transaction: large enough that the commit cost
// vanishes, small enough that a server sharing the store is not kept waiting
// long (about 0.1 s of work).
constexpr std::size_t kBatchRecords = 500;
constexpr std::int64_t kBatchLines = 5000;  // a batch of mostly bad lines is handed over too

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

// What the reader thread hands over: parsed records and rejected lines of
// consecutive lines, or the error that ended the input.
struct Batch {
  std::vector<Parsed> records;
  std::vector<std::pair<std::int64_t, Error>> bad;
  std::int64_t lines = 0;
  std::int64_t blank = 0;
  std::uint64_t bytes_read = 0;
  std::optional<Error> failure;
};

// A bounded queue of batches between the reader thread and the storing one.
class BatchQueue {
 public:
  static constexpr std::size_t kDepth = 3;

  // Blocks while the queue is full; false when the consumer has gone.
  bool Push(Batch b) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closed_ || queue_.size() < kDepth; });
    if (closed_) return false;
    queue_.push_back(std::move(b));
    cv_.notify_all();
    return true;
  }
  // The next batch; nullopt once the producer is done and the queue is empty.
  std::optional<Batch> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_ || closed_ || !queue_.empty(); });
    if (queue_.empty()) return std::nullopt;
    Batch b = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return b;
  }
  void Done() {
    std::lock_guard lock(mu_);
    done_ = true;
    cv_.notify_all();
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;  // guarded by mu_
  bool done_ = false;        // guarded by mu_
  bool closed_ = false;      // guarded by mu_
};

// The reader thread: reads and parses every line of `in` into batches.
void ReadBatches(domain::RecordKind kind, formats::JsonLinesReader& in, BatchQueue& queue) {
  const auto parse = kind == domain::RecordKind::kCve ? formats::ParseCveReference : formats::ParseOsvReference;
  Batch batch;
  auto hand_over = [&]() {
    batch.bytes_read = in.bytes_read();
    const bool taken = queue.Push(std::move(batch));
    batch = Batch{};
    return taken;
  };
  while (true) {
    auto next = in.Next();
    if (!next) {
      batch.failure = next.error();
      (void)hand_over();
      break;
    }
    if (!*next) {
      if (batch.lines > 0) (void)hand_over();
      break;
    }
    const formats::JsonLine& line = **next;
    ++batch.lines;
    if (line.too_long) {
      batch.bad.emplace_back(line.number, Error::Invalid("line", "the line is longer than the limit; skipped"));
    } else if (line.text.find_first_not_of(" \t") == std::string_view::npos) {
      ++batch.blank;
    } else if (auto record = parse(line.text); !record) {
      batch.bad.emplace_back(line.number, record.error());
    } else {
      batch.records.push_back({line.number, LineHash(line.text), std::move(*record)});
    }
    if ((batch.records.size() >= kBatchRecords || batch.lines >= kBatchLines) && !hand_over()) break;
  }
  queue.Done();
}

// Stores a batch in `tx`: each record is inserted, replaces the stored one,
// or is left out (the same line again; an older version). A record whose id
// is held by a record of the other kind is a conflict, reported as a bad line.
Status StoreBatch(store::ReferenceTx& ref, const std::vector<Parsed>& records, Timestamp now, ImportSummary& delta,
                  std::vector<std::pair<std::int64_t, Error>>& conflicts) {
  for (const auto& p : records) {
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
}

}  // namespace

Result<ImportSummary> Records::Import(domain::RecordKind kind, formats::JsonLinesReader& in,
                                      ImportObserver* observer) {
  // Two threads: this one stores batches while a reader thread reads and
  // parses the next ones (parsing is about a third of the work). The queue
  // holds a few batches, so memory stays bounded whatever the file's size.
  BatchQueue queue;
  std::thread reader([&] { ReadBatches(kind, in, queue); });
  struct Join {
    BatchQueue& q;
    std::thread& t;
    ~Join() {
      q.Close();  // unblocks the reader when storing failed
      t.join();
    }
  } join{queue, reader};

  ImportSummary sum;
  sum.bytes_total = in.file_size();
  auto bad = [&](std::int64_t line, const Error& why) {
    ++sum.bad;
    if (observer != nullptr) observer->BadLine(line, why);
  };
  while (auto batch = queue.Pop()) {
    sum.lines += batch->lines;
    sum.blank += batch->blank;
    // Bad lines and records come in line order; a store conflict is reported in its place too.
    std::vector<std::pair<std::int64_t, Error>> conflicts;
    if (!batch->records.empty()) {
      ImportSummary delta;
      auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
        delta = {};
        conflicts.clear();
        return StoreBatch(tx.reference(), batch->records, ctx_.clock.Now(), delta, conflicts);
      });
      if (!st) return st.error();
      sum.inserted += delta.inserted;
      sum.updated += delta.updated;
      sum.unchanged += delta.unchanged;
      sum.older += delta.older;
    }
    auto& rejected = batch->bad;
    rejected.insert(rejected.end(), std::make_move_iterator(conflicts.begin()), std::make_move_iterator(conflicts.end()));
    std::stable_sort(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [line, why] : rejected) bad(line, why);
    sum.bytes_read = batch->bytes_read;
    if (batch->failure) return *batch->failure;  // what was read before it is stored
    if (observer != nullptr) observer->Progress(sum);
  }
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
