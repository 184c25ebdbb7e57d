#include "store/sqlite_website.hpp"

namespace cvdhub::store::sqlite {
namespace {

using domain::CaseId;

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

// A website case with its track record; a case without a record reads with
// the defaults of the table and the report's site.
#define CVDHUB_WEBSITE_SELECT                                                                                     \
  "SELECT c.id, c.identifier, c.report_id, c.title, c.status, c.created_at,"                                      \
  " COALESCE(w.site_url, r.product_url), COALESCE(w.site_name, r.product_name),"                                   \
  " COALESCE(w.operator_name, ''), COALESCE(w.operator_email, ''), COALESCE(w.operator_phone, ''),"                \
  " COALESCE(w.contact_source, 'none'), COALESCE(w.contact_source_note, ''), w.contact_at,"                       \
  " COALESCE(w.details, ''), w.notified_at, COALESCE(w.notify_channel, 'mail'), w.fix_due,"                       \
  " COALESCE(w.verification, 'none'), COALESCE(w.verification_note, ''), w.verified_at, w.fixed_at,"              \
  " COALESCE(w.fix_note, ''), w.finder_told_at, COALESCE(w.publication, 'undecided'),"                           \
  " COALESCE(w.publication_url, ''), COALESCE(w.publication_summary, ''), w.publication_at, w.reminder_sent_at," \
  " w.closed_at, COALESCE(w.close_reason, ''), COALESCE(w.invite_token_hash, ''), COALESCE(w.version, 0)"        \
  " FROM cases c JOIN reports r ON r.id = c.report_id LEFT JOIN website_cases w ON w.case_id = c.id"              \
  " WHERE c.track = 'website'"

constexpr std::string_view kFindWebsiteCase = CVDHUB_WEBSITE_SELECT " AND c.id = ?1";
constexpr std::string_view kListWebsiteCases = CVDHUB_WEBSITE_SELECT " ORDER BY c.id DESC";
constexpr std::string_view kFindByInvite =
    "SELECT case_id FROM website_cases WHERE invite_token_hash = ?1 AND invite_token_hash <> ''";
constexpr std::string_view kSetWebsiteCaseStatus =
    "UPDATE cases SET status = ?2 WHERE id = ?1 AND track = 'website'";
constexpr std::string_view kUpsertWebsiteCase =
    "INSERT INTO website_cases (case_id, site_url, site_name, operator_name, operator_email, operator_phone,"
    " contact_source, contact_source_note, contact_at, details, notified_at, notify_channel, fix_due, verification,"
    " verification_note, verified_at, fixed_at, fix_note, finder_told_at, publication, publication_url,"
    " publication_summary, publication_at, reminder_sent_at, closed_at, close_reason, invite_token_hash, version)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
    " ?23, ?24, ?25, ?26, ?27, 1)"
    " ON CONFLICT (case_id) DO UPDATE SET site_url = excluded.site_url, site_name = excluded.site_name,"
    " operator_name = excluded.operator_name, operator_email = excluded.operator_email,"
    " operator_phone = excluded.operator_phone, contact_source = excluded.contact_source,"
    " contact_source_note = excluded.contact_source_note, contact_at = excluded.contact_at,"
    " details = excluded.details, notified_at = excluded.notified_at, notify_channel = excluded.notify_channel,"
    " fix_due = excluded.fix_due, verification = excluded.verification,"
    " verification_note = excluded.verification_note, verified_at = excluded.verified_at,"
    " fixed_at = excluded.fixed_at, fix_note = excluded.fix_note, finder_told_at = excluded.finder_told_at,"
    " publication = excluded.publication, publication_url = excluded.publication_url,"
    " publication_summary = excluded.publication_summary, publication_at = excluded.publication_at,"
    " reminder_sent_at = excluded.reminder_sent_at, closed_at = excluded.closed_at,"
    " close_reason = excluded.close_reason, invite_token_hash = excluded.invite_token_hash,"
    " version = website_cases.version + 1";

constexpr std::string_view kCasesOfOperator =
    "SELECT m.case_id FROM case_members m JOIN cases c ON c.id = m.case_id"
    " WHERE m.user_id = ?1 AND m.role = 'website_operator' AND c.track = 'website' ORDER BY m.case_id DESC";
constexpr std::string_view kOperatorsOfCase =
    "SELECT user_id FROM case_members WHERE case_id = ?1 AND role = 'website_operator' ORDER BY user_id";

constexpr std::string_view kInsertWebsiteMessage =
    "INSERT INTO website_messages (case_id, author_id, author_name, author_role, on_behalf, body, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
constexpr std::string_view kListWebsiteMessages =
    "SELECT id, case_id, author_id, author_name, author_role, on_behalf, body, created_at FROM website_messages"
    " WHERE case_id = ?1 ORDER BY id";

// Statistics: one plain record per report and per case.
constexpr std::string_view kReportRecords =
    "SELECT id, kind, received_at, status, decided_at, decline_reason FROM reports ORDER BY id";
constexpr std::string_view kCaseRecords =
    "SELECT c.id, c.track, c.status, r.received_at,"
    " (SELECT min(cv.initial_contact_at) FROM case_vendors cv WHERE cv.case_id = c.id),"
    " (SELECT a.published_at FROM advisories a WHERE a.case_id = c.id AND a.state = 'published'),"
    " COALESCE(c.closed_at, w.closed_at), w.fixed_at"
    " FROM cases c JOIN reports r ON r.id = c.report_id LEFT JOIN website_cases w ON w.case_id = c.id"
    " ORDER BY c.id";
constexpr std::string_view kUnreachableListings =
    "SELECT listed_at FROM unreachable_entries ORDER BY listed_at";

Result<domain::WebsiteCase> ReadWebsiteCase(const Stmt& s) {
  domain::WebsiteCase w;
  w.case_id = s.Int(0);
  w.identifier = s.Text(1);
  w.report_id = s.Int(2);
  w.title = s.Text(3);
  w.case_status = s.Text(4);
  w.created_at = s.Time(5);
  w.site_url = s.Text(6);
  w.site_name = s.Text(7);
  w.contact.name = s.Text(8);
  w.contact.email = s.Text(9);
  w.contact.phone = s.Text(10);
  auto source = domain::ParseContactSource(s.Text(11));
  if (!source) return Corrupt("website_cases", "contact_source", w.case_id);
  w.contact.source = *source;
  w.contact.source_note = s.Text(12);
  w.contact.recorded_at = s.OptTime(13);
  w.details = s.Text(14);
  w.notified_at = s.OptTime(15);
  auto channel = domain::ParseNotifyChannel(s.Text(16));
  if (!channel) return Corrupt("website_cases", "notify_channel", w.case_id);
  w.notify_channel = *channel;
  if (!s.IsNull(17)) {
    auto due = ParseDate(s.Text(17));
    if (!due) return Corrupt("website_cases", "fix_due", w.case_id);
    w.fix_due = *due;
  }
  auto verification = domain::ParseVerification(s.Text(18));
  if (!verification) return Corrupt("website_cases", "verification", w.case_id);
  w.verification = *verification;
  w.verification_note = s.Text(19);
  w.verified_at = s.OptTime(20);
  w.fixed_at = s.OptTime(21);
  w.fix_note = s.Text(22);
  w.finder_told_at = s.OptTime(23);
  auto publication = domain::ParsePublicationChoice(s.Text(24));
  if (!publication) return Corrupt("website_cases", "publication", w.case_id);
  w.publication = *publication;
  w.publication_url = s.Text(25);
  w.publication_summary = s.Text(26);
  w.publication_at = s.OptTime(27);
  w.reminder_sent_at = s.OptTime(28);
  w.closed_at = s.OptTime(29);
  w.close_reason = s.Text(30);
  w.invite_token_hash = s.Text(31);
  w.version = s.Int(32);
  return w;
}

Result<std::vector<std::int64_t>> Ids(Connection& c, std::string_view sql, std::int64_t key) {
  auto st = PrepareStatement(c, sql);
  if (!st) return st.error();
  st->BindInt(1, key);
  return CollectRows<std::int64_t>(*st, [](const Stmt& s) { return s.Int(0); });
}

}  // namespace

Result<domain::WebsiteCase> SqliteWebsiteTx::FindWebsiteCase(CaseId case_id) {
  auto st = PrepareStatement(c_, kFindWebsiteCase);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return OneRow<domain::WebsiteCase>(*st, ReadWebsiteCase);
}

Result<std::vector<domain::WebsiteCase>> SqliteWebsiteTx::ListWebsiteCases() {
  auto st = PrepareStatement(c_, kListWebsiteCases);
  if (!st) return st.error();
  return CollectRows<domain::WebsiteCase>(*st, ReadWebsiteCase);
}

Status SqliteWebsiteTx::SaveWebsiteCase(const domain::WebsiteCase& w) {
  {
    auto st = PrepareStatement(c_, kSetWebsiteCaseStatus);
    if (!st) return st.error();
    st->BindInt(1, w.case_id);
    st->BindText(2, w.case_status);
    if (auto s = ChangedOne(*st); !s) return s;
  }
  std::optional<std::string> due;
  if (w.fix_due) {
    due = FormatDate(*w.fix_due);
    if (!due) return Error::Invalid("due", "the due date is out of range");
  }
  auto st = PrepareStatement(c_, kUpsertWebsiteCase);
  if (!st) return st.error();
  st->BindInt(1, w.case_id);
  st->BindText(2, w.site_url);
  st->BindText(3, w.site_name);
  st->BindText(4, w.contact.name);
  st->BindText(5, w.contact.email);
  st->BindText(6, w.contact.phone);
  st->BindText(7, domain::ContactSourceName(w.contact.source));
  st->BindText(8, w.contact.source_note);
  st->BindOptTime(9, w.contact.recorded_at);
  st->BindText(10, w.details);
  st->BindOptTime(11, w.notified_at);
  st->BindText(12, domain::NotifyChannelName(w.notify_channel));
  if (due) st->BindText(13, *due); else st->BindNull(13);
  st->BindText(14, domain::VerificationName(w.verification));
  st->BindText(15, w.verification_note);
  st->BindOptTime(16, w.verified_at);
  st->BindOptTime(17, w.fixed_at);
  st->BindText(18, w.fix_note);
  st->BindOptTime(19, w.finder_told_at);
  st->BindText(20, domain::PublicationChoiceName(w.publication));
  st->BindText(21, w.publication_url);
  st->BindText(22, w.publication_summary);
  st->BindOptTime(23, w.publication_at);
  st->BindOptTime(24, w.reminder_sent_at);
  st->BindOptTime(25, w.closed_at);
  st->BindText(26, w.close_reason);
  st->BindText(27, w.invite_token_hash);
  return st->Run();
}

Result<CaseId> SqliteWebsiteTx::FindWebsiteCaseByInvite(const std::string& token_hash) {
  auto st = PrepareStatement(c_, kFindByInvite);
  if (!st) return st.error();
  st->BindText(1, token_hash);
  return st->OneInt();
}

Result<std::vector<CaseId>> SqliteWebsiteTx::CasesOfOperator(domain::UserId user_id) {
  return Ids(c_, kCasesOfOperator, user_id);
}

Result<std::vector<domain::UserId>> SqliteWebsiteTx::OperatorsOfCase(CaseId case_id) {
  return Ids(c_, kOperatorsOfCase, case_id);
}

Result<std::int64_t> SqliteWebsiteTx::InsertWebsiteMessage(const domain::WebsiteMessage& m) {
  auto st = PrepareStatement(c_, kInsertWebsiteMessage);
  if (!st) return st.error();
  st->BindInt(1, m.case_id);
  st->BindInt(2, m.author_id);
  st->BindText(3, m.author_name);
  st->BindText(4, domain::RoleName(m.author_role));
  st->BindBool(5, m.on_behalf);
  st->BindText(6, m.body);
  st->BindTime(7, m.created_at);
  return st->OneInt();
}

Result<std::vector<domain::WebsiteMessage>> SqliteWebsiteTx::ListWebsiteMessages(CaseId case_id) {
  auto st = PrepareStatement(c_, kListWebsiteMessages);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return CollectRows<domain::WebsiteMessage>(*st, [](const Stmt& s) -> Result<domain::WebsiteMessage> {
    domain::WebsiteMessage m{.id = s.Int(0), .case_id = s.Int(1), .author_id = s.Int(2), .author_name = s.Text(3),
                             .on_behalf = s.Bool(5), .body = s.Text(6), .created_at = s.Time(7)};
    auto role = domain::ParseRole(s.Text(4));
    if (!role) return Corrupt("website_messages", "author_role", m.id);
    m.author_role = *role;
    return m;
  });
}

Result<std::vector<domain::ReportRecord>> SqliteStatsTx::ReportRecords() {
  auto st = PrepareStatement(c_, kReportRecords);
  if (!st) return st.error();
  return CollectRows<domain::ReportRecord>(*st, [](const Stmt& s) -> Result<domain::ReportRecord> {
    domain::ReportRecord r{.received_at = s.Time(2), .decided_at = s.OptTime(4)};
    auto kind = domain::ParseReportKind(s.Text(1));
    if (!kind) return Corrupt("reports", "kind", s.Int(0));
    r.kind = *kind;
    auto status = domain::ParseReportStatus(s.Text(3));
    if (!status) return Corrupt("reports", "status", s.Int(0));
    r.status = *status;
    if (!s.IsNull(5)) {
      auto reason = domain::ParseDeclineReason(s.Text(5));
      if (!reason) return Corrupt("reports", "decline_reason", s.Int(0));
      r.decline_reason = *reason;
    }
    return r;
  });
}

Result<std::vector<domain::CaseRecord>> SqliteStatsTx::CaseRecords() {
  auto st = PrepareStatement(c_, kCaseRecords);
  if (!st) return st.error();
  return CollectRows<domain::CaseRecord>(*st, [](const Stmt& s) -> Result<domain::CaseRecord> {
    domain::CaseRecord c{.status = s.Text(2), .report_received_at = s.Time(3), .initial_contact = s.OptTime(4),
                         .published_at = s.OptTime(5), .closed_at = s.OptTime(6), .website_fixed_at = s.OptTime(7)};
    auto track = domain::ParseCaseTrack(s.Text(1));
    if (!track) return Corrupt("cases", "track", s.Int(0));
    c.track = *track;
    return c;
  });
}

// The one place statistics read the unreachable-developer component's table
// (schema 007_unreachable.sql): when each entry was put on the public list.
// A resolved entry still counts: it was listed.
Result<std::vector<domain::Timestamp>> SqliteStatsTx::UnreachableListings() {
  auto st = PrepareStatement(c_, kUnreachableListings);
  if (!st) return st.error();
  return CollectRows<domain::Timestamp>(*st, [](const Stmt& s) { return s.Time(0); });
}

}  // namespace cvdhub::store::sqlite
