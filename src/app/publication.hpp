// Publication use cases (PROCESS.md §4.10–4.11): writing the advisory,
// sharing the draft with the case's vendors, publishing it at the agreed
// moment exactly once, and everything public read afterwards.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/coordination.hpp"
#include "app/policy.hpp"
#include "domain/advisory.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

// The coordinator's view of a case's advisory, with the vendors' review threads.
struct AdvisoryDraftView {
  domain::Advisory advisory;
  domain::Case c;
  std::optional<Timestamp> publication_at;  // the agreed (or proposed) moment
  bool date_agreed = false;
  std::vector<domain::AdvisoryVendorRow> vendors;  // the table as it would be published now
  struct Comment {
    std::int64_t id = 0;
    std::int64_t vendor_id = 0;
    std::string vendor_name;
    std::string author_name;
    std::string body;
    Timestamp created_at{};
  };
  std::vector<Comment> comments;  // a vendor sees only its own
};

// A page of the public list.
struct AdvisoryListPage {
  std::vector<domain::PublicAdvisory> items;  // newest first
  int page = 1;
  int pages = 1;
  std::int64_t total = 0;
};

// The CNA identity written into CVE records.
struct CnaConfig {
  std::string org_id = "00000000-0000-4000-8000-000000000000";  // the CNA's UUID at the CVE Program
  std::string short_name = "cvdhub";
};

class Publication {
 public:
  Publication(Context& ctx, Coordination& coordination);

  // The coordinator's side. The draft is created on first read.
  Result<AdvisoryDraftView> Draft(const Actor& actor, domain::CaseId id);
  // Replaces the draft's sections, vulnerabilities and products (not its state).
  Status SaveDraft(const Actor& actor, domain::CaseId id, const domain::Advisory& draft);
  // Shares the draft with the case's vendors in the vendor table (state review).
  Status ShareForReview(const Actor& actor, domain::CaseId id);
  // Ready to publish at the agreed moment (validated; state scheduled).
  Status Schedule(const Actor& actor, domain::CaseId id);
  Status Unschedule(const Actor& actor, domain::CaseId id);
  // A correction after publication: a dated entry of the update history.
  Status AddUpdate(const Actor& actor, domain::CaseId id, const std::string& note_ja, const std::string& note_en);

  // A vendor's side: the shared draft and its own review thread.
  Result<AdvisoryDraftView> ReviewDraft(const Actor& actor, domain::CaseId id);
  Status Comment(const Actor& actor, domain::CaseId id, const std::string& body);

  // Publishes every scheduled advisory whose agreed moment is not later than
  // now, each in one transaction with its CVE IDs, search entry and the
  // finder's notice. Safe to run from several processes: a conditional
  // update makes each publication happen exactly once. Returns how many.
  Result<int> PublishDue();
  // The earliest moment a scheduled advisory becomes due (for the publisher's sleep).
  Result<std::optional<Timestamp>> NextDue();

  // Adds the CVE IDs CVE-<year>-<first>…<last> to the CNA block.
  Result<int> AddCveBlock(int year, std::int64_t first, std::int64_t last);
  // Free IDs left in the block.
  Result<std::int64_t> CveIdsLeft();

  // Public reads: published advisories only, never a draft.
  Result<domain::PublicAdvisory> Public(const std::string& identifier);
  Result<AdvisoryListPage> PublicList(int page, int per_page);
  // Published advisories modified at or after `since`, newest first (feeds, ROLIE, polling).
  Result<std::vector<domain::PublicAdvisory>> PublicSince(Timestamp since, int limit);

  // Puts the case's advisory, once published, into the full-text index (in `tx`).
  static Status IndexForSearch(store::Tx& tx, domain::CaseId id);

  void set_cna(CnaConfig cna) { cna_ = std::move(cna); }
  const CnaConfig& cna() const { return cna_; }

 private:
  Status LoadDraftView(store::Tx& tx, const Coordination::Loaded& l, std::optional<std::int64_t> vendor,
                       AdvisoryDraftView& view);
  // Moves the advisory's state from `from` to `to` after `also` (may be empty) agrees.
  Status MoveState(const Actor& actor, domain::CaseId id, domain::AdvisoryState from, domain::AdvisoryState to,
                   const std::function<Status(store::Tx&, const Coordination::Loaded&, const domain::Advisory&)>& also);
  // Publishes one case's advisory in `tx`; false when it is not (or no longer) due.
  Result<bool> PublishOne(store::Tx& tx, domain::CaseId id, Timestamp now);
  Result<domain::PublicAdvisory> LoadPublic(store::Tx& tx, domain::Advisory a);

  Context& ctx_;
  Coordination& coordination_;
  CnaConfig cna_;
  util::LruCache<domain::PublicAdvisory> public_{512};  // by store generation and identifier
};

// Publishes due advisories in the background: checks twice a second, so an
// advisory goes public within half a second after its moment, never before.
class PublicationWorker {
 public:
  explicit PublicationWorker(Publication& publication,
                             std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~PublicationWorker();  // stops and joins
  PublicationWorker(const PublicationWorker&) = delete;
  PublicationWorker& operator=(const PublicationWorker&) = delete;

 private:
  void Run(std::stop_token stop);

  Publication& publication_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::jthread thread_;
};

// Called by coordination when a vendor's status changes: once the advisory is
// public, the change is a dated entry of its update history and moves `modified`.
Status NotePublicStatusChange(store::Tx& tx, const Context& ctx, domain::CaseId id, const std::string& vendor_name,
                              domain::VendorStatus status, Timestamp at);

}  // namespace cvdhub::app
