#include "store/sqlite_unreachable.hpp"

namespace cvdhub::store::sqlite {
namespace {

using domain::CaseId;

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

#define CVDHUB_ATTEMPT_COLUMNS \
  "id, case_id, vendor_id, channel, at, recipient, outcome, note, by_user, by_name, recorded_at"
constexpr std::string_view kInsertAttempt =
    "INSERT INTO contact_attempts (case_id, vendor_id, channel, at, recipient, outcome, note, by_user, "
    "by_name,"
    " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id";
constexpr std::string_view kListAttempts =
    "SELECT " CVDHUB_ATTEMPT_COLUMNS " FROM contact_attempts WHERE case_id = ?1 ORDER BY at, id";
constexpr std::string_view kListVendorAttempts =
    "SELECT " CVDHUB_ATTEMPT_COLUMNS
    " FROM contact_attempts WHERE case_id = ?1 AND vendor_id = ?2 ORDER BY at, id";

#define CVDHUB_ENTRY_COLUMNS                                                                                 \
  "id, case_id, vendor_id, did, basis, basis_note, stage, public_name, related_url, remarks_ja, remarks_en," \
  " developer_kind, product_name, product_version, listed_at, product_published_at, deadline_added_at,"      \
  " contact_deadline, submitted_at, developer_view, decided_at, decision, decision_note, verification_ja,"   \
  " verification_en, published_at, advisory_identifier, resolved_at, resolved_from, resolved_note,"          \
  " created_by, version"
constexpr std::string_view kInsertEntry =
    "INSERT INTO unreachable_entries (case_id, vendor_id, did, basis, basis_note, stage, public_name, "
    "related_url,"
    " remarks_ja, remarks_en, developer_kind, product_name, product_version, listed_at, product_published_at,"
    " deadline_added_at, contact_deadline, submitted_at, developer_view, decided_at, decision, decision_note,"
    " verification_ja, verification_en, published_at, advisory_identifier, resolved_at, resolved_from,"
    " resolved_note, created_by, version) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
    "?15,"
    " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32) RETURNING id";
// The case, vendor, DID and creator never change.
constexpr std::string_view kUpdateEntry =
    "UPDATE unreachable_entries SET basis = ?5, basis_note = ?6, stage = ?7, public_name = ?8, related_url = "
    "?9,"
    " remarks_ja = ?10, remarks_en = ?11, developer_kind = ?12, product_name = ?13, product_version = ?14,"
    " listed_at = ?15, product_published_at = ?16, deadline_added_at = ?17, contact_deadline = ?18,"
    " submitted_at = ?19, developer_view = ?20, decided_at = ?21, decision = ?22, decision_note = ?23,"
    " verification_ja = ?24, verification_en = ?25, published_at = ?26, advisory_identifier = ?27,"
    " resolved_at = ?28, resolved_from = ?29, resolved_note = ?30, version = version + 1"
    " WHERE id = ?1 AND version = ?32";
constexpr std::string_view kFindEntry =
    "SELECT " CVDHUB_ENTRY_COLUMNS " FROM unreachable_entries WHERE id = ?1";
constexpr std::string_view kFindEntryByDid =
    "SELECT " CVDHUB_ENTRY_COLUMNS " FROM unreachable_entries WHERE did = ?1";
constexpr std::string_view kFindOpenEntry = "SELECT " CVDHUB_ENTRY_COLUMNS
                                            " FROM unreachable_entries"
                                            " WHERE case_id = ?1 AND vendor_id = ?2 AND stage <> 'resolved'";
constexpr std::string_view kListEntries =
    "SELECT " CVDHUB_ENTRY_COLUMNS " FROM unreachable_entries WHERE case_id = ?1 ORDER BY listed_at, id";
constexpr std::string_view kListAllEntries =
    "SELECT " CVDHUB_ENTRY_COLUMNS " FROM unreachable_entries ORDER BY listed_at DESC, id DESC";
constexpr std::string_view kListSubmittedEntries = "SELECT " CVDHUB_ENTRY_COLUMNS
                                                   " FROM unreachable_entries WHERE submitted_at IS NOT NULL"
                                                   " ORDER BY submitted_at DESC, id DESC";

constexpr std::string_view kUpsertVote =
    "INSERT INTO committee_votes (entry_id, user_id, member_name, vote, comment, at) VALUES (?1, ?2, ?3, ?4, "
    "?5, ?6)"
    " ON CONFLICT (entry_id, user_id) DO UPDATE SET member_name = excluded.member_name, vote = excluded.vote,"
    " comment = excluded.comment, at = excluded.at";
constexpr std::string_view kListVotes =
    "SELECT entry_id, user_id, member_name, vote, comment, at FROM committee_votes WHERE entry_id = ?1"
    " ORDER BY at, user_id";

// ---------------------------------------------------------------------------
// Row mapping.
// ---------------------------------------------------------------------------

Result<domain::ContactAttempt> ReadAttempt(const Stmt& s) {
  domain::ContactAttempt a;
  a.id = s.Int(0);
  a.case_id = s.Int(1);
  a.vendor_id = s.Int(2);
  auto channel = domain::ParseContactChannel(s.Text(3));
  if (!channel) return Corrupt("contact_attempts", "channel", a.id);
  a.channel = *channel;
  a.at = s.Time(4);
  a.recipient = s.Text(5);
  auto outcome = domain::ParseContactOutcome(s.Text(6));
  if (!outcome) return Corrupt("contact_attempts", "outcome", a.id);
  a.outcome = *outcome;
  a.note = s.Text(7);
  a.by_user = s.OptInt(8).value_or(0);
  a.by_name = s.Text(9);
  a.recorded_at = s.Time(10);
  return a;
}

Result<domain::UnreachableEntry> ReadEntry(const Stmt& s) {
  domain::UnreachableEntry e;
  e.id = s.Int(0);
  e.case_id = s.Int(1);
  e.vendor_id = s.Int(2);
  e.did = s.Text(3);
  auto basis = domain::ParseUnreachableBasis(s.Text(4));
  if (!basis) return Corrupt("unreachable_entries", "basis", e.id);
  e.basis = *basis;
  e.basis_note = s.Text(5);
  auto stage = domain::ParseUnreachableStage(s.Text(6));
  if (!stage) return Corrupt("unreachable_entries", "stage", e.id);
  e.stage = *stage;
  e.public_name = s.Text(7);
  e.related_url = s.Text(8);
  e.remarks_ja = s.Text(9);
  e.remarks_en = s.Text(10);
  auto kind = domain::ParseDeveloperKind(s.Text(11));
  if (!kind) return Corrupt("unreachable_entries", "developer_kind", e.id);
  e.developer_kind = *kind;
  e.product_name = s.Text(12);
  e.product_version = s.Text(13);
  e.listed_at = s.Time(14);
  e.product_published_at = s.OptTime(15);
  e.deadline_added_at = s.OptTime(16);
  if (!s.IsNull(17)) {
    auto day = ParseDate(s.Text(17));
    if (!day) return Corrupt("unreachable_entries", "contact_deadline", e.id);
    e.contact_deadline = *day;
  }
  e.submitted_at = s.OptTime(18);
  e.developer_view = s.Text(19);
  e.decided_at = s.OptTime(20);
  if (!s.IsNull(21)) {
    auto decision = domain::ParseCommitteeDecision(s.Text(21));
    if (!decision) return Corrupt("unreachable_entries", "decision", e.id);
    e.decision = *decision;
  }
  e.decision_note = s.Text(22);
  e.verification_ja = s.Text(23);
  e.verification_en = s.Text(24);
  e.published_at = s.OptTime(25);
  e.advisory_identifier = s.Text(26);
  e.resolved_at = s.OptTime(27);
  if (!s.IsNull(28)) {
    auto from = domain::ParseUnreachableStage(s.Text(28));
    if (!from) return Corrupt("unreachable_entries", "resolved_from", e.id);
    e.resolved_from = *from;
  }
  e.resolved_note = s.Text(29);
  e.created_by = s.OptInt(30).value_or(0);
  e.version = s.Int(31);
  return e;
}

// Binds ?1 (id) … ?31 (created_by) and ?32 (version), in the order of CVDHUB_ENTRY_COLUMNS.
Status BindEntry(Stmt& s, const domain::UnreachableEntry& e) {
  s.BindInt(1, e.id);
  s.BindInt(2, e.case_id);
  s.BindInt(3, e.vendor_id);
  s.BindText(4, e.did);
  s.BindText(5, domain::UnreachableBasisName(e.basis));
  s.BindText(6, e.basis_note);
  s.BindText(7, domain::UnreachableStageName(e.stage));
  s.BindText(8, e.public_name);
  s.BindText(9, e.related_url);
  s.BindText(10, e.remarks_ja);
  s.BindText(11, e.remarks_en);
  s.BindText(12, domain::DeveloperKindName(e.developer_kind));
  s.BindText(13, e.product_name);
  s.BindText(14, e.product_version);
  s.BindTime(15, e.listed_at);
  s.BindOptTime(16, e.product_published_at);
  s.BindOptTime(17, e.deadline_added_at);
  if (e.contact_deadline) {
    auto text = FormatDate(*e.contact_deadline);
    if (!text) return Error::Invalid("contact_deadline", "the contact deadline is out of range");
    s.BindText(18, *text);
  } else {
    s.BindNull(18);
  }
  s.BindOptTime(19, e.submitted_at);
  s.BindText(20, e.developer_view);
  s.BindOptTime(21, e.decided_at);
  if (e.decision) {
    s.BindText(22, domain::CommitteeDecisionName(*e.decision));
  } else {
    s.BindNull(22);
  }
  s.BindText(23, e.decision_note);
  s.BindText(24, e.verification_ja);
  s.BindText(25, e.verification_en);
  s.BindOptTime(26, e.published_at);
  s.BindText(27, e.advisory_identifier);
  s.BindOptTime(28, e.resolved_at);
  if (e.resolved_from) {
    s.BindText(29, domain::UnreachableStageName(*e.resolved_from));
  } else {
    s.BindNull(29);
  }
  s.BindText(30, e.resolved_note);
  s.BindIdOrNull(31, e.created_by);
  s.BindInt(32, e.version);
  return {};
}

}  // namespace

Result<std::int64_t> SqliteUnreachableTx::InsertAttempt(const domain::ContactAttempt& a) {
  auto s = PrepareStatement(c_, kInsertAttempt);
  if (!s) return s.error();
  s->BindInt(1, a.case_id);
  s->BindInt(2, a.vendor_id);
  s->BindText(3, domain::ContactChannelName(a.channel));
  s->BindTime(4, a.at);
  s->BindText(5, a.recipient);
  s->BindText(6, domain::ContactOutcomeName(a.outcome));
  s->BindText(7, a.note);
  s->BindIdOrNull(8, a.by_user);
  s->BindText(9, a.by_name);
  s->BindTime(10, a.recorded_at);
  return s->OneInt();
}

Result<std::vector<domain::ContactAttempt>> SqliteUnreachableTx::ListAttempts(
    CaseId case_id, std::optional<std::int64_t> vendor_id) {
  auto s = PrepareStatement(c_, vendor_id ? kListVendorAttempts : kListAttempts);
  if (!s) return s.error();
  s->BindInt(1, case_id);
  if (vendor_id) s->BindInt(2, *vendor_id);
  return CollectRows<domain::ContactAttempt>(*s, ReadAttempt);
}

Result<std::int64_t> SqliteUnreachableTx::InsertEntry(const domain::UnreachableEntry& e) {
  auto s = PrepareStatement(c_, kInsertEntry);
  if (!s) return s.error();
  if (auto st = BindEntry(*s, e); !st) return st.error();
  return s->OneInt();
}

Status SqliteUnreachableTx::UpdateEntry(const domain::UnreachableEntry& e) {
  {
    auto s = PrepareStatement(c_, kUpdateEntry);
    if (!s) return s.error();
    if (auto st = BindEntry(*s, e); !st) return st;
    if (auto st = s->Run(); !st) return st;
    if (s->Changes() == 1) return {};
  }
  auto found = FindEntry(e.id);
  if (!found) return found.error();
  return Error::Conflict("the entry was changed meanwhile; reload and try again");
}

Result<domain::UnreachableEntry> SqliteUnreachableTx::FindEntry(std::int64_t id) {
  auto s = PrepareStatement(c_, kFindEntry);
  if (!s) return s.error();
  s->BindInt(1, id);
  return OneRow<domain::UnreachableEntry>(*s, ReadEntry);
}

Result<domain::UnreachableEntry> SqliteUnreachableTx::FindEntryByDid(const std::string& did) {
  auto s = PrepareStatement(c_, kFindEntryByDid);
  if (!s) return s.error();
  s->BindText(1, did);
  return OneRow<domain::UnreachableEntry>(*s, ReadEntry);
}

Result<domain::UnreachableEntry> SqliteUnreachableTx::FindOpenEntry(CaseId case_id, std::int64_t vendor_id) {
  auto s = PrepareStatement(c_, kFindOpenEntry);
  if (!s) return s.error();
  s->BindInt(1, case_id);
  s->BindInt(2, vendor_id);
  return OneRow<domain::UnreachableEntry>(*s, ReadEntry);
}

Result<std::vector<domain::UnreachableEntry>> SqliteUnreachableTx::ListEntries(CaseId case_id) {
  auto s = PrepareStatement(c_, kListEntries);
  if (!s) return s.error();
  s->BindInt(1, case_id);
  return CollectRows<domain::UnreachableEntry>(*s, ReadEntry);
}

Result<std::vector<domain::UnreachableEntry>> SqliteUnreachableTx::ListAllEntries() {
  auto s = PrepareStatement(c_, kListAllEntries);
  if (!s) return s.error();
  return CollectRows<domain::UnreachableEntry>(*s, ReadEntry);
}

Result<std::vector<domain::UnreachableEntry>> SqliteUnreachableTx::ListSubmittedEntries() {
  auto s = PrepareStatement(c_, kListSubmittedEntries);
  if (!s) return s.error();
  return CollectRows<domain::UnreachableEntry>(*s, ReadEntry);
}

Status SqliteUnreachableTx::UpsertVote(const domain::CommitteeVoteRecord& v) {
  auto s = PrepareStatement(c_, kUpsertVote);
  if (!s) return s.error();
  s->BindInt(1, v.entry_id);
  s->BindInt(2, v.user_id);
  s->BindText(3, v.member_name);
  s->BindText(4, domain::CommitteeVoteName(v.vote));
  s->BindText(5, v.comment);
  s->BindTime(6, v.at);
  return s->Run();
}

Result<std::vector<domain::CommitteeVoteRecord>> SqliteUnreachableTx::ListVotes(std::int64_t entry_id) {
  auto s = PrepareStatement(c_, kListVotes);
  if (!s) return s.error();
  s->BindInt(1, entry_id);
  return CollectRows<domain::CommitteeVoteRecord>(
      *s, [](const Stmt& r) -> Result<domain::CommitteeVoteRecord> {
        domain::CommitteeVoteRecord v{.entry_id = r.Int(0), .user_id = r.Int(1), .member_name = r.Text(2)};
        auto vote = domain::ParseCommitteeVote(r.Text(3));
        if (!vote) return Corrupt("committee_votes", "vote", v.entry_id);
        v.vote = *vote;
        v.comment = r.Text(4);
        v.at = r.Time(5);
        return v;
      });
}

}  // namespace cvdhub::store::sqlite
