// Coordination use cases (PROCESS.md §4): from identifying developers to one
// agreed publication date, for one vendor or for dozens.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/coordination.hpp"
#include "domain/registry.hpp"
#include "util/gzip.hpp"
#include "util/lru_cache.hpp"

#include <functional>
#include <memory>
#include <variant>

namespace cvdhub::app {

// A vendor's row in the coordinator's case view.
struct VendorRow {
  domain::CaseVendor vendor;
  domain::Engagement engagement = domain::Engagement::kNotNotified;
  std::optional<domain::VendorStatus> status;  // effective status
  std::int64_t thread_messages = 0;
};

// Everything a coordinator sees of a case.
struct CaseView {
  domain::Case c;
  domain::CaseCoordination coordination;
  domain::Report report;  // the accepted report behind the case
  std::vector<VendorRow> vendors;
  domain::CaseClocks clocks;
  std::vector<domain::VendorProposal> proposals;
  std::vector<domain::Prerelease> prereleases;
  std::vector<domain::CasePartner> partners;
  std::vector<domain::InvestigationReport> investigations;
  std::vector<domain::StatusHistoryEntry> status_history;
  std::int64_t case_thread_messages = 0;
};

// What one vendor sees of a case: never other vendors' records (G8-3).
struct VendorCaseView {
  domain::Case c;                // identifier, created_at; title only once details are released
  std::string overview;
  std::string details;           // empty until released to this vendor
  domain::CaseVendor me;
  std::optional<domain::VendorStatus> status;
  domain::PublicationDate publication;  // shown to vendors in the vendor table
  bool embargo_ended = false;           // (vendors in the vendor table) see EmbargoEnded
  domain::CaseClocks clocks;            // from this vendor's own initial contact only
  std::vector<domain::InvestigationReport> my_investigations;
  std::vector<domain::StatusHistoryEntry> my_history;
  std::vector<domain::VendorProposal> my_proposals;
  std::vector<domain::CasePartner> my_partners;
  std::vector<domain::Prerelease> my_prenotifications;
};

// A related organisation's view of its one case.
struct PartnerCaseView {
  domain::Case c;
  std::string overview;
  std::string details;
  domain::CasePartner me;
};

struct CaseSummary {
  domain::Case c;
  std::optional<Timestamp> publication_at;
  domain::PublicationDateState publication_state = domain::PublicationDateState::kNone;
  int vendors = 0;
  int silent_vendors = 0;
};

// The coordinator's edit of the case record.
struct CaseInfo {
  std::string overview;
  std::string details;
  std::string product_ids;  // CPEs/PURLs, one per line
  std::string keywords;     // comma-separated
};

struct StatementInput {
  domain::VendorStatus status = domain::VendorStatus::kInformationProvided;
  std::string statement;
  std::string advisory_url;
  bool fix_ready = false;
  bool fix_deployed = false;
};

// The overview notice to many vendors at once (G2-1; a case may have 150):
// the listed vendors, or every vendor the page offers it to.
struct OverviewBatch {
  std::vector<std::int64_t> vendor_ids;  // each must be in the case
  bool all_not_notified = false;         // instead of vendor_ids
};
// One vendor of a batch: notified, or skipped and why.
struct OverviewOutcome {
  std::int64_t vendor_id = 0;
  std::string vendor_name;
  std::string skipped;  // "" when notified; already_notified, obvious, must_register
};
struct OverviewBatchResult {
  std::vector<OverviewOutcome> notified;
  std::vector<OverviewOutcome> skipped;
};
// Where the overview step applies by default: a registered developer, not
// obvious (G2-1), not yet notified. The page offers it, and a batch of "all
// not notified" sends it, to exactly these.
bool OffersOverview(const domain::CaseVendor& v);
// True once no publication date can be proposed, agreed or revised: the
// embargo was exited, or the case is public, an exploit is public or attacks
// were observed (the Vultron EM table's propose and accept need none of P, X, A).
bool EmbargoEnded(const domain::CaseCoordination& c);

// One of the three audiences' views of a case.
using AnyCaseView = std::variant<CaseView, VendorCaseView, PartnerCaseView>;
// Turns a view into bytes (JSON, or HTML without any per-viewer token).
using CaseViewRenderer = std::function<std::string(const AnyCaseView&)>;

// A view rendered once and served many times: its bytes, and the same bytes
// gzip-compressed once, with a hole wherever the text held the renderer's
// placeholder for a per-viewer token (util::GzipTemplate).
struct CachedRendering {
  std::string text;
  util::GzipTemplate gzip;
};

class Coordination {
 public:
  explicit Coordination(Context& ctx) : ctx_(ctx) {}

  // Cases visible to the actor: a coordinator's assigned cases (all for the
  // lead), a vendor's notified cases, a partner's one case.
  Result<std::vector<CaseSummary>> ListCases(const Actor& actor);
  Result<domain::CaseId> FindCaseId(const std::string& identifier);

  // Coordinator views and edits. Every read of case content is audited.
  Result<CaseView> View(const Actor& actor, domain::CaseId id);
  Status UpdateInfo(const Actor& actor, domain::CaseId id, const CaseInfo& info);
  Status AssignCoordinator(const Actor& actor, domain::CaseId id, domain::UserId coordinator);
  Result<std::vector<domain::VendorCandidate>> Candidates(const Actor& actor, domain::CaseId id);
  // Adds a registered vendor; `obvious` skips the overview step (G2-1); tier 0 is notified first.
  Status AddVendor(const Actor& actor, domain::CaseId id, std::int64_t vendor_id, bool obvious, int tier);
  // Adds a developer that is not registered: it must register individually
  // before anything is disclosed (G2-3). Returns the invitation token (shown once).
  Result<std::string> AddUnregisteredVendor(const Actor& actor, domain::CaseId id, const std::string& name,
                                            const std::string& email);
  Status SendOverview(const Actor& actor, domain::CaseId id, std::int64_t vendor_id);
  // The overview to every vendor of `batch` not yet notified, by the rules of
  // SendOverview, in one transaction: all are notified or none. Vendors already
  // notified are skipped (and so, for all_not_notified, are obvious and
  // unregistered ones); any other vendor that cannot be notified fails the batch
  // with an error naming it. Vendors are taken in tier order (upstream first).
  Result<OverviewBatchResult> SendOverviews(const Actor& actor, domain::CaseId id, const OverviewBatch& batch);
  Status ReleaseDetails(const Actor& actor, domain::CaseId id, std::int64_t vendor_id);
  Status ProposeDate(const Actor& actor, domain::CaseId id, Timestamp at, const std::string& note);
  Status AgreeDate(const Actor& actor, domain::CaseId id);
  Status AdoptForeignDate(const Actor& actor, domain::CaseId id, Timestamp at, const std::string& coordinator_name);
  // Moves the date earlier after a leak or exploitation (G8-5); everyone is told.
  Status PublishEarly(const Actor& actor, domain::CaseId id, Timestamp at, const std::string& reason,
                      bool exploited);
  Status RequestCriticalInfraPrerelease(const Actor& actor, domain::CaseId id, const std::string& sector,
                                        const std::string& note);
  Status DecidePrerelease(const Actor& actor, domain::CaseId id, std::int64_t prerelease_id, bool approve,
                          const std::string& note);
  Status DecideProposal(const Actor& actor, domain::CaseId id, std::int64_t proposal_id, bool approve,
                        std::optional<std::int64_t> vendor_id);
  Status FileStatementFor(const Actor& actor, domain::CaseId id, std::int64_t vendor_id, const StatementInput& in);
  // Stops coordination without publication (P-F) and tells the finder.
  Status CloseWithoutPublication(const Actor& actor, domain::CaseId id, const std::string& reason);

  // Vendor actions (the actor's own vendor in the case).
  Result<VendorCaseView> VendorView(const Actor& actor, domain::CaseId id);
  Status AnswerOverview(const Actor& actor, domain::CaseId id, domain::OverviewAnswer answer);
  Status FileInvestigation(const Actor& actor, domain::CaseId id, domain::InvestigationReport report);
  Status FileStatement(const Actor& actor, domain::CaseId id, const StatementInput& in);
  Status RespondDate(const Actor& actor, domain::CaseId id, bool accept, const std::string& comment);
  Status ProposeVendor(const Actor& actor, domain::CaseId id, const std::string& name, const std::string& relation,
                       const std::string& reason);
  Status SubmitPartner(const Actor& actor, domain::CaseId id, const std::string& organisation,
                       const std::string& person, const std::string& email);
  Status RequestCustomerPrenotification(const Actor& actor, domain::CaseId id, const std::string& note);

  // Secondary distribution: the partner authenticates with the case
  // identifier plus the contact its vendor submitted, and registers (G8-2).
  Result<domain::User> JoinAsPartner(const std::string& case_identifier, const std::string& email,
                                     const std::string& name, const std::string& password);
  Result<PartnerCaseView> PartnerView(const Actor& actor, domain::CaseId id);

  // Threads: kVendor (party = vendor id), kCase, kPartner (party = partner id).
  Result<std::vector<domain::CaseMessage>> Messages(const Actor& actor, domain::CaseId id, domain::ThreadKind thread,
                                                    std::int64_t party_id, const store::MessagePage& page);
  Result<domain::CaseMessage> Post(const Actor& actor, domain::CaseId id, domain::ThreadKind thread,
                                   std::int64_t party_id, const std::string& body);

  // The viewer's view of the case, rendered by `render` and cached under
  // (store generation, case, audience, party, `format`, minute): a case page
  // read a thousand times between two writes is built (and gzip-compressed)
  // once. Authorisation and the audit record happen on every call; `format`
  // names the renderer's output (e.g. "json", "html:ja", with any filter) and
  // must not depend on the viewer beyond the audience. `hole` is the
  // placeholder the renderer writes for a per-viewer token ("" for none);
  // `fill_size`, when not 0, the length every such token has (a better
  // compression, see util::GzipTemplate).
  Result<std::shared_ptr<const CachedRendering>> RenderedView(const Actor& actor, domain::CaseId id,
                                                              const std::string& format,
                                                              const CaseViewRenderer& render,
                                                              const std::string& hole = {},
                                                              std::size_t fill_size = 0);

  // Records a Vultron case-state event (P, X, A) after validating it.
  Status SetPublicFlag(const Actor& actor, domain::CaseId id, char flag);

  // The settings of the case clocks.
  const domain::ClockSettings& clock_settings() const { return clocks_; }

  // The case, its coordination record and the actor's place in it, loaded in
  // `tx` and checked against `action` (also used by the publication use cases).
  struct Loaded {
    domain::Case c;
    domain::CaseCoordination coord;
    CaseFacts facts;
    std::optional<domain::CaseVendor> my_vendor;    // the actor's vendor in this case
    std::optional<domain::CasePartner> my_partner;  // the actor's partner record
  };
  Result<Loaded> Load(store::Tx& tx, const Actor& actor, domain::CaseId id, CaseAction action);
  // Posts `body` to the case-wide thread and mails it to the vendor table.
  Status Announce(store::Tx& tx, const Actor& actor, domain::CaseId id, const std::string& kind, std::string body,
                  const std::string& subject_key = "case.subject.date");

 private:
  Status Record(store::Tx& tx, const Actor& actor, domain::CaseId id, std::string action, std::string field,
                std::string from, std::string to);
  Status SystemMessage(store::Tx& tx, const Actor& actor, domain::CaseId id, domain::ThreadKind thread,
                       std::int64_t party, std::string body);
  // Records a read of the case's confidential content in the audit log.
  void AuditRead(const Actor& actor, domain::CaseId id, const std::string& action);
  // Queues mail to every contact of `vendor_id` (bilingual), in `tx`.
  Status MailVendor(store::Tx& tx, const domain::Case& c, std::int64_t vendor_id, const std::string& kind,
                    const std::string& subject_key, const std::string& body, bool confidential);
  // Queues mail to every vendor in the vendor table.
  Status MailVendorTable(store::Tx& tx, const domain::Case& c, const std::string& kind,
                         const std::string& subject_key, const std::string& body);
  // Sends the overview notice to `v` of the loaded case `l`, in `tx` (the rules of SendOverview).
  Status SendOverviewIn(store::Tx& tx, const Actor& actor, const Loaded& l, domain::CaseVendor& v);
  Status ApplyStatement(store::Tx& tx, const Actor& actor, domain::CaseId id, domain::CaseVendor& v,
                        const StatementInput& in);
  Status MaybeAgree(store::Tx& tx, const Actor& actor, domain::CaseId id);
  Status SetEmState(store::Tx& tx, domain::CaseCoordination& c, const std::string& trigger);

  // The views without the audit record (callers record it).
  Result<CaseView> LoadView(const Actor& actor, domain::CaseId id);
  Result<VendorCaseView> LoadVendorView(const Actor& actor, domain::CaseId id);
  Result<PartnerCaseView> LoadPartnerView(const Actor& actor, domain::CaseId id);

  Context& ctx_;
  domain::ClockSettings clocks_;
  util::LruCache<CachedRendering> rendered_{256};
};

}  // namespace cvdhub::app
