// Unreachable developers and the release-decision committee (PROCESS.md §5;
// G2-3, G4-5, G7): recording contact attempts, proposing and confirming
// "unreachable", the stages of the public entry, the committee's dossier,
// votes and decision, the publication of the committee-approved advisory,
// and the public unreachable-developer list.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/coordination.hpp"
#include "domain/registry.hpp"
#include "domain/unreachable.hpp"

namespace cvdhub::app {

// One developer of a case as the coordinator works on reaching it.
struct DeveloperContactView {
  domain::Case c;
  domain::CaseVendor vendor;
  std::vector<domain::VendorContact> contacts;  // the registry's contact points
  std::string registry_email;                   // the vendor's registered PSIRT address, if any
  std::string registry_phone;
  std::string report_product;  // as reported: the default of the product notice
  std::string report_version;
  // Recorded attempts and the mail the system sent to the developer (system = true), oldest first.
  std::vector<domain::ContactAttempt> attempts;
  domain::RuleEvaluation evaluation;
  std::optional<domain::UnreachableEntry> entry;   // the open entry, if any
  std::vector<domain::UnreachableEntry> resolved;  // earlier entries ended by an answer
  // The case record shows an answer from the developer after the listing: record it.
  std::optional<Timestamp> answer_in_case_since_listing;
  std::chrono::sys_days grace_ends{};         // when the product may be published (entry listed)
  std::chrono::sys_days deadline_from{};      // when a contact deadline may be added (stage 2)
  std::chrono::sys_days earliest_deadline{};  // the earliest contact deadline accepted now
};

// What the coordinator fills in when confirming "unreachable" (stage 1).
struct ConfirmInput {
  domain::UnreachableBasis basis = domain::UnreachableBasis::kNoAnswer;
  std::string basis_note;   // required unless the rules are met (developer unknown, no means of contact)
  std::string public_name;  // developer name or handle as published ("" shows "-")
  std::string related_url;
  std::string remarks_ja;
  std::string remarks_en;
};

// The release-decision committee's dossier (G7-2): the developer's contact
// data, every contact attempt, the coordination history and the developer's
// view, with the votes so far.
struct Dossier {
  domain::UnreachableEntry entry;
  domain::Case c;        // identifier and title
  std::string overview;  // the case's overview and details: what would be published
  std::string details;
  std::string product_name;  // as reported
  std::string product_version;
  std::string vendor_name;
  std::string registry_email;
  std::string registry_phone;
  std::vector<domain::VendorContact> contacts;
  std::vector<domain::ContactAttempt> attempts;
  domain::RuleEvaluation evaluation;
  std::vector<domain::Event> history;  // the case's event log, oldest first
  std::vector<domain::CommitteeVoteRecord> votes;
  bool viewer_is_member = false;       // a committee member (may vote while submitted)
  bool viewer_is_coordinator = false;  // may record the developer's view, the decision, publish
};

struct DossierSummary {
  domain::UnreachableEntry entry;
  std::string identifier;
  std::string title;
  std::string vendor_name;
  int votes = 0;
};

// An entry as the public may see it: only what the guideline publishes at
// its stage (fig. 3 columns; the product from stage 2; the deadline from
// stage 3; the advisory once published). Built by Unreachable::PublicEntry,
// never from an entry directly by a page.
struct PublicUnreachable {
  std::string did;
  std::string slug;
  std::string name;  // "" = "-"
  std::string related_url;
  std::string remarks_ja;
  std::string remarks_en;
  std::chrono::sys_days added{};                      // 一覧追加日
  std::optional<std::chrono::sys_days> product_date;  // 製品情報 (開示)
  std::optional<std::chrono::sys_days> deadline;      // 連絡期限
  std::optional<std::chrono::sys_days> deadline_added;
  std::optional<std::chrono::sys_days> resolved;   // contact established: off the list
  std::optional<std::chrono::sys_days> published;  // the advisory was published
  std::string advisory_identifier;
  std::string stage;  // listed, product_published, deadline_added, published, resolved
  // The product notice in each language (empty until stage 2).
  std::optional<domain::ProductNotice> notice_ja;
  std::optional<domain::ProductNotice> notice_en;
};

struct PublicUnreachableList {
  std::vector<PublicUnreachable> listed;    // on the list, newest first
  std::vector<PublicUnreachable> resolved;  // removed after the developer got in touch
};

// What the committee-approved advisory carries from this component (G7 fig. 6).
struct UnreachablePublicationText {
  domain::UnreachableAdvisoryText ja;
  domain::UnreachableAdvisoryText en;
  std::string vendor_name;
  std::string product_name;
  std::string product_version;
};

// Publishes a committee-approved advisory for a case with the given text;
// returns the advisory's identifier. The publication component provides it
// (see Unreachable::set_publisher).
using ApprovedPublisher = std::function<Result<std::string>(const Actor& actor, domain::CaseId case_id,
                                                            const UnreachablePublicationText& text)>;

class Unreachable {
 public:
  explicit Unreachable(Context& ctx) : ctx_(ctx) {}

  // --- Coordinators of the case (AuthorizeCase kCoordinate) --------------------------

  // The developer's contact record, the rules applied now, and its entry. Audited.
  Result<DeveloperContactView> Developer(const Actor& actor, domain::CaseId id, std::int64_t vendor_id);
  // Records one attempt; an attempt with outcome "answered" also resolves an open entry.
  Result<std::int64_t> RecordAttempt(const Actor& actor, domain::CaseId id, std::int64_t vendor_id,
                                     domain::ContactAttempt attempt);
  // Confirms "unreachable" and lists the developer publicly (stage 1). With the
  // basis "no answer" the rules must be met; otherwise a note says why.
  Result<domain::UnreachableEntry> Confirm(const Actor& actor, domain::CaseId id, std::int64_t vendor_id,
                                           const ConfirmInput& in);
  // Corrects the public name, link and remarks of the open entry.
  Status EditPublic(const Actor& actor, domain::CaseId id, std::int64_t vendor_id, const ConfirmInput& in);
  // Stage 2: the product name and version, after the grace period.
  Status PublishProduct(const Actor& actor, domain::CaseId id, std::int64_t vendor_id,
                        domain::DeveloperKind kind, const std::string& product, const std::string& version);
  // Stage 3: the contact deadline (a JST date, inclusive).
  Status AddDeadline(const Actor& actor, domain::CaseId id, std::int64_t vendor_id,
                     std::chrono::sys_days deadline);
  // Stage 4: the dossier goes to the committee, after the deadline passed.
  Status Submit(const Actor& actor, domain::CaseId id, std::int64_t vendor_id);
  // The developer answered (at any stage before publication): the entry is
  // resolved, leaves the list, and the developer is back in normal coordination.
  Status DeveloperAnswered(const Actor& actor, domain::CaseId id, std::int64_t vendor_id,
                           domain::ContactChannel channel, const std::string& note);

  // --- The committee (AuthorizeCommittee) --------------------------------------------

  Result<std::vector<DossierSummary>> Dossiers(const Actor& actor);
  // The dossier; members from submission only. Audited.
  Result<Dossier> DossierOf(const Actor& actor, std::int64_t entry_id);
  Status Vote(const Actor& actor, std::int64_t entry_id, domain::CommitteeVote vote,
              const std::string& comment);
  // The developer's view, stated to the committee (a coordinator records it).
  Status RecordDeveloperView(const Actor& actor, std::int64_t entry_id, const std::string& view);
  // The committee's decision, recorded by a coordinator of the case from the
  // votes; "publish" needs the verification notes (検証情報) for the advisory.
  Status Decide(const Actor& actor, std::int64_t entry_id, domain::CommitteeDecision decision,
                const std::string& note, const std::string& verification_ja,
                const std::string& verification_en);
  // Publishes the committee-approved advisory with "vendor's view: none" and the
  // history of how it came to publication, through the publisher; the entry
  // then records the advisory and the moment. Conflict without a publisher.
  Status Publish(const Actor& actor, std::int64_t entry_id);
  // What the advisory of a committee-approved entry carries (for the publication side).
  Result<UnreachablePublicationText> PublicationText(const Actor& actor, std::int64_t entry_id);
  // Records that the advisory of a committee-approved entry was published
  // (called by the publication side when it publishes by other means).
  Status MarkPublished(const Actor& actor, std::int64_t entry_id, const std::string& advisory_identifier,
                       Timestamp at);

  // --- Public ---------------------------------------------------------------------------

  Result<PublicUnreachableList> PublicList();
  // NotFound for an unknown inquiry number.
  Result<PublicUnreachable> PublicEntry(const std::string& did);

  void set_settings(domain::UnreachableSettings s) { settings_ = std::move(s); }
  const domain::UnreachableSettings& settings() const { return settings_; }
  // The address answers go to (the setting, or the mail From address).
  std::string ContactAddress() const;
  // The single integration point with the publication component.
  void set_publisher(ApprovedPublisher publisher) { publisher_ = std::move(publisher); }
  bool has_publisher() const { return static_cast<bool>(publisher_); }

 private:
  struct CaseAccess;
  Result<CaseAccess> LoadCase(store::Tx& tx, const Actor& actor, domain::CaseId id, std::int64_t vendor_id);
  Result<domain::CaseVendor> LoadCommitteeEntry(store::Tx& tx, const Actor& actor, std::int64_t entry_id,
                                                CommitteeAction action, domain::UnreachableEntry& entry);
  // Recorded attempts plus the mail the system sent to the developer in this case.
  Result<std::vector<domain::ContactAttempt>> AttemptsOf(store::Tx& tx, domain::CaseId id,
                                                         std::int64_t vendor_id);
  Status Event(store::Tx& tx, const Actor& actor, domain::CaseId id, std::string action, std::string field,
               std::string to);
  // Changes the open entry of (case, vendor) with `change` in one transaction.
  Status ChangeEntry(
      const Actor& actor, domain::CaseId id, std::int64_t vendor_id, const std::string& action,
      const std::function<Status(store::Tx&, domain::UnreachableEntry&, const domain::CaseVendor&)>& change);
  Status Resolve(store::Tx& tx, const Actor& actor, domain::UnreachableEntry& e, const std::string& note);
  // Mail about the dossier of `e`, queued in `tx` in each recipient's language:
  // on submission every committee member is told a dossier awaits their vote
  // (G7-2); once decided, the case's coordinators are told the decision. Only
  // the inquiry number and a link to the dossier page: nothing of the vulnerability.
  Status MailAboutDossier(store::Tx& tx, const domain::UnreachableEntry& e);
  PublicUnreachable ToPublic(const domain::UnreachableEntry& e) const;

  Context& ctx_;
  domain::UnreachableSettings settings_;
  ApprovedPublisher publisher_;
};

}  // namespace cvdhub::app
