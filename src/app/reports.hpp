// Intake use cases (PROCESS.md §2): submit a report, attach files, talk in
// the report's thread, see one's reports with status, deadline and history.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

// Everything a permitted reader sees of one report.
struct ReportView {
  domain::Report report;
  std::vector<domain::Attachment> attachments;
  std::vector<domain::Message> messages;
  std::vector<domain::Event> history;
  bool ack_overdue = false;
};

using domain::AttachmentUpload;

class Reports {
 public:
  explicit Reports(Context& ctx) : ctx_(ctx) {}

  // Validates and stores a report with its attachments in one transaction;
  // returns it with its intake number and acknowledgement deadline.
  Result<domain::Report> Submit(const Actor& actor, domain::ReportSubmission submission,
                                const std::vector<AttachmentUpload>& attachments = {});
  // The report with attachments, thread and history. Audited.
  Result<ReportView> View(const Actor& actor, domain::ReportId id);
  // The finder's own reports, newest first.
  Result<std::vector<domain::Report>> ListOwn(const Actor& actor);
  Result<domain::Message> PostMessage(const Actor& actor, domain::ReportId id, const std::string& body);
  Result<domain::Attachment> AddAttachment(const Actor& actor, domain::ReportId id,
                                           const AttachmentUpload& upload);
  // Metadata and bytes of one attachment of a report the actor may see. Audited.
  Result<std::pair<domain::Attachment, std::string>> DownloadAttachment(const Actor& actor,
                                                                        domain::ReportId id,
                                                                        std::int64_t attachment_id);

 private:
  Result<ReportFacts> FactsFor(store::Tx& tx, const Actor& actor, const domain::Report& r);
  Status CheckUpload(const AttachmentUpload& upload) const;
  Status StoreAttachment(store::Tx& tx, const Actor& actor, const domain::Report& r,
                         const AttachmentUpload& upload, domain::Attachment* out);

  Context& ctx_;
  // Report views by id, valid while the store's generation has not moved.
  struct CachedView {
    std::uint64_t generation = 0;
    ReportView view;
  };
  util::LruCache<CachedView> views_{1024};
};

// Records a received report in `tx`, however it came (form, API or mail): the
// intake number of its JST year, the acknowledgement deadline (P-A) and the
// "report.submitted" event by `actor_id` / `actor_name`. `r` brings the
// submission, the finder's account (0: none) and `received_at`.
Result<domain::Report> RecordReceived(store::Tx& tx, const Context& ctx, domain::Report r, std::int64_t actor_id,
                                      const std::string& actor_name);

// The policy facts of `r` for `actor` (membership of the report's case).
Result<ReportFacts> ReportFactsFor(store::Tx& tx, const Actor& actor, const domain::Report& r);

}  // namespace cvdhub::app
