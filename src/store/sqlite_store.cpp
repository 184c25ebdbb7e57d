#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/case.hpp"
#include "domain/report.hpp"
#include "domain/roles.hpp"
#include "util/embedded.hpp"
#include "store/sqlite_coordination.hpp"
#include "store/sqlite_internal.hpp"
#include "store/sqlite_mail.hpp"
#include "store/sqlite_publication.hpp"
#include "store/sqlite_reference.hpp"
#include "store/sqlite_website.hpp"
#include "store/sqlite_unreachable.hpp"

namespace cvdhub::store {
namespace {

using namespace sqlite;  // NOLINT(google-build-using-namespace): the store's own internals

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// Statements are cached per connection by the address of these constants.
// ---------------------------------------------------------------------------


// Schema version bookkeeping (created by the migrator, not by a migration).
constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL,"
    " applied_at INTEGER NOT NULL)";
constexpr std::string_view kMigrationsTableExists =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kInsertMigration =
    "INSERT INTO schema_migrations (version, path, applied_at) VALUES (?1, ?2, ?3)";

// Users, sessions, API tokens, sequences.
constexpr std::string_view kInsertUser =
    "INSERT INTO users (email, display_name, role, language, disabled, password_hash, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
constexpr std::string_view kFindUserByEmail =
    "SELECT id, email, display_name, role, language, disabled, password_hash"
    " FROM users WHERE email = ?1";  // the column is COLLATE NOCASE
constexpr std::string_view kFindUser =
    "SELECT id, email, display_name, role, language, disabled, password_hash"
    " FROM users WHERE id = ?1";
constexpr std::string_view kListUsers =
    "SELECT id, email, display_name, role, language, disabled FROM users ORDER BY id";
constexpr std::string_view kUpdatePassword = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kFindSession =
    "SELECT token_hash, user_id, csrf_token, created_at, expires_at"
    " FROM sessions WHERE token_hash = ?1";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
constexpr std::string_view kInsertApiToken =
    "INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kFindApiTokenUser = "SELECT user_id FROM api_tokens WHERE token_hash = ?1";
constexpr std::string_view kNextSequence =
    "INSERT INTO sequences (name, value) VALUES (?1, 1)"
    " ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value";

// Reports. The column list is shared by every SELECT; ReadReport reads it by
// position, and InsertReport/UpdateReport bind ?1..?34 in the same order
// (column N of this list is parameter ?N; the id is ?35 in the UPDATE).
#define CVDHUB_REPORT_COLUMNS                                                                \
  "id, intake_number, kind, source, title, product_name, product_version, product_url,"     \
  " discovery_method, tools_used, reproduction, impact, publicly_known, public_reference,"   \
  " time_constraints, vendor_contacted, vendor_contact_details, finder_name, finder_contact," \
  " wants_credit, credit_name, language, finder_user_id, status, prio_wide_effect,"          \
  " prio_critical_infra, prio_large_user_base, decline_reason, decision_note, received_at,"  \
  " ack_deadline, acknowledged_at, decided_at, case_id, case_identifier"

constexpr std::string_view kInsertReport =
    "INSERT INTO reports (intake_number, kind, source, title, product_name, product_version,"
    " product_url, discovery_method, tools_used, reproduction, impact, publicly_known,"
    " public_reference, time_constraints, vendor_contacted, vendor_contact_details, finder_name,"
    " finder_contact, wants_credit, credit_name, language, finder_user_id, status,"
    " prio_wide_effect, prio_critical_infra, prio_large_user_base, decline_reason, decision_note,"
    " received_at, ack_deadline, acknowledged_at, decided_at, case_id, case_identifier)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
    " ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34)"
    " RETURNING id";
// intake_number (?1), finder_user_id (?22), received_at (?29) and
// ack_deadline (?30) never change after intake.
constexpr std::string_view kUpdateReport =
    "UPDATE reports SET kind = ?2, source = ?3, title = ?4, product_name = ?5,"
    " product_version = ?6, product_url = ?7, discovery_method = ?8, tools_used = ?9,"
    " reproduction = ?10, impact = ?11, publicly_known = ?12, public_reference = ?13,"
    " time_constraints = ?14, vendor_contacted = ?15, vendor_contact_details = ?16,"
    " finder_name = ?17, finder_contact = ?18, wants_credit = ?19, credit_name = ?20,"
    " language = ?21, status = ?23, prio_wide_effect = ?24, prio_critical_infra = ?25,"
    " prio_large_user_base = ?26, decline_reason = ?27, decision_note = ?28,"
    " acknowledged_at = ?31, decided_at = ?32, case_id = ?33, case_identifier = ?34"
    " WHERE id = ?35";
constexpr std::string_view kFindReport =
    "SELECT " CVDHUB_REPORT_COLUMNS " FROM reports WHERE id = ?1";
constexpr std::string_view kFindReportByIntakeNumber =
    "SELECT " CVDHUB_REPORT_COLUMNS " FROM reports WHERE intake_number = ?1";
// ?1 finder (NULL: any), ?2 status (NULL: any), ?3 open only (0/1),
// ?4/?5 the open statuses, ?6 limit.
constexpr std::string_view kListReports =
    "SELECT " CVDHUB_REPORT_COLUMNS " FROM reports"
    " WHERE (?1 IS NULL OR finder_user_id = ?1)"
    " AND (?2 IS NULL OR status = ?2)"
    " AND (?3 = 0 OR status IN (?4, ?5))"
    " ORDER BY (prio_wide_effect + prio_critical_infra + prio_large_user_base) DESC,"
    " ack_deadline ASC, id ASC"
    " LIMIT ?6";

#undef CVDHUB_REPORT_COLUMNS

// Attachments.
constexpr std::string_view kInsertAttachment =
    "INSERT INTO attachments (report_id, filename, content_type, size, sha256, bytes, uploaded_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
constexpr std::string_view kListAttachments =
    "SELECT id, report_id, filename, content_type, size, sha256, created_at, uploaded_by"
    " FROM attachments WHERE report_id = ?1 ORDER BY id";
constexpr std::string_view kFindAttachment =
    "SELECT id, report_id, filename, content_type, size, sha256, created_at, uploaded_by"
    " FROM attachments WHERE id = ?1";
constexpr std::string_view kReadAttachmentBytes = "SELECT bytes FROM attachments WHERE id = ?1";

// Messages.
constexpr std::string_view kInsertMessage =
    "INSERT INTO messages (report_id, author_id, author_name, author_role, body, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
constexpr std::string_view kListMessages =
    "SELECT id, report_id, author_id, author_name, author_role, body, created_at"
    " FROM messages WHERE report_id = ?1 ORDER BY created_at, id";

// Events and the audit log (append-only; the schema's triggers refuse changes).
constexpr std::string_view kAppendEvent =
    "INSERT INTO events (subject_type, subject_id, actor_id, actor_name, at, action, field,"
    " from_value, to_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr std::string_view kListEvents =
    "SELECT id, subject_type, subject_id, actor_id, actor_name, at, action, field, from_value,"
    " to_value FROM events WHERE subject_type = ?1 AND subject_id = ?2 ORDER BY at, id";
constexpr std::string_view kAppendAudit =
    "INSERT INTO audit_log (user_id, action, subject_type, subject_id, at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kListAudit =
    "SELECT user_id, action, subject_type, subject_id, at FROM audit_log"
    " WHERE subject_type = ?1 AND subject_id = ?2 ORDER BY at, id";

// Cases.
constexpr std::string_view kInsertCase =
    "INSERT INTO cases (identifier, track, report_id, title, status, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
constexpr std::string_view kFindCase =
    "SELECT id, identifier, track, report_id, title, status, created_at FROM cases WHERE id = ?1";
constexpr std::string_view kFindCaseByIdentifier =
    "SELECT id, identifier, track, report_id, title, status, created_at FROM cases"
    " WHERE identifier = ?1";
constexpr std::string_view kListCases =
    "SELECT id, identifier, track, report_id, title, status, created_at FROM cases ORDER BY id";
constexpr std::string_view kAddCaseMember =
    "INSERT INTO case_members (case_id, user_id, role) VALUES (?1, ?2, ?3)";
constexpr std::string_view kIsCaseMember =
    "SELECT EXISTS (SELECT 1 FROM case_members WHERE case_id = ?1 AND user_id = ?2)";

// Vendors.
constexpr std::string_view kInsertVendor =
    "INSERT INTO vendors (name, name_en, registration, contact_email, phone, public_listing,"
    " accepts_direct_reports, created_at, registered, reporting_contact, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?8) RETURNING id";
constexpr std::string_view kListVendors = "SELECT " CVDHUB_VENDOR_COLUMNS " FROM vendors ORDER BY id";

// How stale another process's write may look to a cached view.
constexpr std::chrono::milliseconds kGenerationPoll{2};
// The change counter of every process (schema 004).
constexpr std::string_view kBumpGeneration = "UPDATE store_generation SET value = value + 1 WHERE id = 1";
constexpr std::string_view kSelectGeneration = "SELECT value FROM store_generation WHERE id = 1";

// ---------------------------------------------------------------------------
// Settings.
// ---------------------------------------------------------------------------

constexpr int kBusyTimeoutMs = 5000;
// Idle connections kept per kind; more are closed when returned.
constexpr std::size_t kMaxIdleConnections = 8;
constexpr std::string_view kMigrationPrefix = "schema/sqlite/";
constexpr std::string_view kMigrationSuffix = ".sql";


Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path, ConnectionKind kind) {
  auto c = std::make_unique<Connection>();
  c->kind = kind;
  // Each connection is used by one thread at a time (the pool hands it out),
  // so SQLite's per-connection mutex is not needed.
  constexpr int kFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &c->db, kFlags, nullptr);
  if (rc != SQLITE_OK) return SqliteError(c->db, rc, "open", path);
  if (rc = sqlite3_extended_result_codes(c->db, 1); rc != SQLITE_OK) {
    return SqliteError(c->db, rc, "extended_result_codes", path);
  }
  if (rc = sqlite3_busy_timeout(c->db, kBusyTimeoutMs); rc != SQLITE_OK) {
    return SqliteError(c->db, rc, "busy_timeout", path);
  }
  {
    auto st = PrepareStatement(*c, kPragmaJournalWal);
    if (!st) return st.error();
    auto row = st->Next();
    if (!row) return row.error();
    std::string mode = *row ? st->Text(0) : std::string();
    std::transform(mode.begin(), mode.end(), mode.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (mode != "wal") {
      return Error::Internal(fmt::format("sqlite: journal_mode is '{}', not wal, for {}", mode, path));
    }
  }
  const std::string_view foreign_keys =
      kind == ConnectionKind::kMigration ? kPragmaForeignKeysOff : kPragmaForeignKeysOn;
  if (auto s = Exec(*c, foreign_keys); !s) return s.error();
  if (auto s = Exec(*c, kPragmaSynchronousNormal); !s) return s.error();
  if (kind == ConnectionKind::kRead) {
    if (auto s = Exec(*c, kPragmaQueryOnly); !s) return s.error();
  }
  return c;
}

class Pool;

// A connection checked out of the pool; returned to it on destruction.
class Lease {
 public:
  Lease(Pool* pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
  Lease(Lease&& other) noexcept = default;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Lease& operator=(Lease&&) = delete;
  ~Lease();

  Connection& operator*() { return *conn_; }
  Connection* operator->() { return conn_.get(); }

 private:
  Pool* pool_;
  std::unique_ptr<Connection> conn_;
};

// A mutex-guarded free list per connection kind; connections are opened on demand.
class Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }

  Result<Lease> Acquire(ConnectionKind kind) {
    {
      std::lock_guard lock(mu_);
      auto& idle = IdleList(kind);
      if (!idle.empty()) {
        std::unique_ptr<Connection> c = std::move(idle.back());
        idle.pop_back();
        return Lease(this, std::move(c));
      }
    }
    auto opened = OpenConnection(path_, kind);
    if (!opened) return opened.error();
    return Lease(this, std::move(*opened));
  }

  // Takes a connection back, or closes it if it is still inside a
  // transaction (a failed rollback) or the free list is full.
  void Release(std::unique_ptr<Connection> c) noexcept {
    if (c == nullptr || c->kind == ConnectionKind::kMigration || sqlite3_get_autocommit(c->db) == 0) return;
    std::lock_guard lock(mu_);
    auto& idle = IdleList(c->kind);
    if (idle.size() >= kMaxIdleConnections) return;
    try {
      idle.push_back(std::move(c));
    } catch (...) {
      // Out of memory: the connection is closed instead of pooled.
    }
  }

  std::size_t Idle() const {
    std::lock_guard lock(mu_);
    return idle_read_.size() + idle_write_.size();
  }

 private:
  std::vector<std::unique_ptr<Connection>>& IdleList(ConnectionKind kind) {
    return kind == ConnectionKind::kRead ? idle_read_ : idle_write_;
  }

  const std::string path_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_read_;
  std::vector<std::unique_ptr<Connection>> idle_write_;
};

Lease::~Lease() {
  if (conn_ != nullptr) pool_->Release(std::move(conn_));
}

// ---------------------------------------------------------------------------
// Row mapping.
// ---------------------------------------------------------------------------

// Reads columns 0..5 (id, email, display_name, role, language, disabled).
Result<domain::User> ReadUser(const Stmt& s) {
  domain::User u;
  u.id = s.Int(0);
  u.email = s.Text(1);
  u.display_name = s.Text(2);
  const auto role = domain::ParseRole(s.Text(3));
  if (!role) return Corrupt("users", "role", u.id);
  u.role = *role;
  const auto language = domain::ParseLanguage(s.Text(4));
  if (!language) return Corrupt("users", "language", u.id);
  u.language = *language;
  u.disabled = s.Bool(5);
  return u;
}

// Binds ?1..?34 in the order of the report column list (see kInsertReport).
Status BindReport(Stmt& s, const domain::Report& r) {
  const auto& sub = r.submission;
  const auto deadline = FormatDate(r.ack_deadline);
  if (!deadline) return Error::Invalid("ack_deadline", "date is out of range");
  s.BindText(1, r.intake_number);
  s.BindText(2, domain::ReportKindName(sub.kind));
  s.BindText(3, domain::ReportSourceName(sub.source));
  s.BindText(4, sub.title);
  s.BindText(5, sub.product_name);
  s.BindText(6, sub.product_version);
  s.BindText(7, sub.product_url);
  s.BindText(8, sub.discovery_method);
  s.BindText(9, sub.tools_used);
  s.BindText(10, sub.reproduction);
  s.BindText(11, sub.impact);
  s.BindBool(12, sub.publicly_known);
  s.BindText(13, sub.public_reference);
  s.BindText(14, sub.time_constraints);
  s.BindBool(15, sub.vendor_contacted);
  s.BindText(16, sub.vendor_contact_details);
  s.BindText(17, sub.finder_name);
  s.BindText(18, sub.finder_contact);
  s.BindBool(19, sub.wants_credit);
  s.BindText(20, sub.credit_name);
  s.BindText(21, domain::LanguageCode(sub.language));
  s.BindIdOrNull(22, r.finder_user_id);
  s.BindText(23, domain::ReportStatusName(r.status));
  s.BindBool(24, r.priority.wide_effect_japan);
  s.BindBool(25, r.priority.critical_infrastructure);
  s.BindBool(26, r.priority.large_user_base);
  if (r.decline_reason) {
    s.BindText(27, domain::DeclineReasonName(*r.decline_reason));
  } else {
    s.BindNull(27);
  }
  s.BindText(28, r.decision_note);
  s.BindTime(29, r.received_at);
  s.BindText(30, *deadline);
  s.BindOptTime(31, r.acknowledged_at);
  s.BindOptTime(32, r.decided_at);
  s.BindOptInt(33, r.case_id);
  s.BindText(34, r.case_identifier);
  return {};
}

// Reads a row of the report column list.
Result<domain::Report> ReadReport(const Stmt& s) {
  domain::Report r;
  auto& sub = r.submission;
  r.id = s.Int(0);
  r.intake_number = s.Text(1);
  const auto kind = domain::ParseReportKind(s.Text(2));
  if (!kind) return Corrupt("reports", "kind", r.id);
  sub.kind = *kind;
  const auto source = domain::ParseReportSource(s.Text(3));
  if (!source) return Corrupt("reports", "source", r.id);
  sub.source = *source;
  sub.title = s.Text(4);
  sub.product_name = s.Text(5);
  sub.product_version = s.Text(6);
  sub.product_url = s.Text(7);
  sub.discovery_method = s.Text(8);
  sub.tools_used = s.Text(9);
  sub.reproduction = s.Text(10);
  sub.impact = s.Text(11);
  sub.publicly_known = s.Bool(12);
  sub.public_reference = s.Text(13);
  sub.time_constraints = s.Text(14);
  sub.vendor_contacted = s.Bool(15);
  sub.vendor_contact_details = s.Text(16);
  sub.finder_name = s.Text(17);
  sub.finder_contact = s.Text(18);
  sub.wants_credit = s.Bool(19);
  sub.credit_name = s.Text(20);
  const auto language = domain::ParseLanguage(s.Text(21));
  if (!language) return Corrupt("reports", "language", r.id);
  sub.language = *language;
  r.finder_user_id = s.IsNull(22) ? 0 : s.Int(22);
  const auto status = domain::ParseReportStatus(s.Text(23));
  if (!status) return Corrupt("reports", "status", r.id);
  r.status = *status;
  r.priority.wide_effect_japan = s.Bool(24);
  r.priority.critical_infrastructure = s.Bool(25);
  r.priority.large_user_base = s.Bool(26);
  if (!s.IsNull(27)) {
    const auto reason = domain::ParseDeclineReason(s.Text(27));
    if (!reason) return Corrupt("reports", "decline_reason", r.id);
    r.decline_reason = *reason;
  }
  r.decision_note = s.Text(28);
  r.received_at = s.Time(29);
  const auto deadline = ParseDate(s.Text(30));
  if (!deadline) return Corrupt("reports", "ack_deadline", r.id);
  r.ack_deadline = *deadline;
  r.acknowledged_at = s.OptTime(31);
  r.decided_at = s.OptTime(32);
  r.case_id = s.OptInt(33);
  r.case_identifier = s.Text(34);
  return r;
}

// id, report_id, filename, content_type, size, sha256, created_at, uploaded_by.
domain::Attachment ReadAttachment(const Stmt& s) {
  domain::Attachment a;
  a.id = s.Int(0);
  a.report_id = s.Int(1);
  a.filename = s.Text(2);
  a.content_type = s.Text(3);
  a.size = s.Int(4);
  a.sha256 = s.Text(5);
  a.created_at = s.Time(6);
  a.uploaded_by = s.Int(7);
  return a;
}

// id, identifier, track, report_id, title, status, created_at.
Result<domain::Case> ReadCase(const Stmt& s) {
  domain::Case c;
  c.id = s.Int(0);
  c.identifier = s.Text(1);
  const auto track = domain::ParseCaseTrack(s.Text(2));
  if (!track) return Corrupt("cases", "track", c.id);
  c.track = *track;
  c.report_id = s.Int(3);
  c.title = s.Text(4);
  c.status = s.Text(5);
  c.created_at = s.Time(6);
  return c;
}

// ---------------------------------------------------------------------------
// The transaction.
// ---------------------------------------------------------------------------

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : c_(c), coordination_(c), mail_(c), publication_(c), reference_(c), website_(c),
        stats_(c), unreachable_(c) {}

  CoordinationTx& coordination() override { return coordination_; }
  MailTx& mail() override { return mail_; }
  PublicationTx& publication() override { return publication_; }
  ReferenceTx& reference() override { return reference_; }
  WebsiteTx& website() override { return website_; }
  StatsTx& stats() override { return stats_; }
  UnreachableTx& unreachable() override { return unreachable_; }

  Result<UserId> InsertUser(const domain::User& user, const std::string& password_hash) override {
    auto st = PrepareStatement(c_, kInsertUser);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, user.email);
    s.BindText(2, user.display_name);
    s.BindText(3, domain::RoleName(user.role));
    s.BindText(4, domain::LanguageCode(user.language));
    s.BindBool(5, user.disabled);
    s.BindText(6, password_hash);
    s.BindTime(7, Now());
    return s.OneInt();
  }

  Result<StoredUser> FindUserByEmail(const std::string& email) override {
    return FindUserBy(kFindUserByEmail, [&](Stmt& s) { s.BindText(1, email); });
  }

  Result<StoredUser> FindUser(UserId id) override {
    return FindUserBy(kFindUser, [&](Stmt& s) { s.BindInt(1, id); });
  }

  Result<std::vector<domain::User>> ListUsers() override {
    auto st = PrepareStatement(c_, kListUsers);
    if (!st) return st.error();
    return CollectRows<domain::User>(*st, ReadUser);
  }

  Status UpdatePassword(UserId id, const std::string& password_hash) override {
    auto st = PrepareStatement(c_, kUpdatePassword);
    if (!st) return st.error();
    st->BindInt(1, id);
    st->BindText(2, password_hash);
    return ChangedOne(*st);
  }

  Status InsertSession(const Session& session) override {
    auto st = PrepareStatement(c_, kInsertSession);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, session.token_hash);
    s.BindInt(2, session.user_id);
    s.BindText(3, session.csrf_token);
    s.BindTime(4, session.created_at);
    s.BindTime(5, session.expires_at);
    return s.Run();
  }

  Result<Session> FindSession(const std::string& token_hash) override {
    auto st = PrepareStatement(c_, kFindSession);
    if (!st) return st.error();
    st->BindText(1, token_hash);
    return OneRow<Session>(*st, [](const Stmt& s) {
      Session out;
      out.token_hash = s.Text(0);
      out.user_id = s.Int(1);
      out.csrf_token = s.Text(2);
      out.created_at = s.Time(3);
      out.expires_at = s.Time(4);
      return out;
    });
  }

  Status DeleteSession(const std::string& token_hash) override {
    auto st = PrepareStatement(c_, kDeleteSession);
    if (!st) return st.error();
    st->BindText(1, token_hash);
    return ChangedOne(*st);
  }

  Status InsertApiToken(UserId user_id, const std::string& name, const std::string& token_hash,
                        Timestamp created_at) override {
    auto st = PrepareStatement(c_, kInsertApiToken);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, token_hash);
    s.BindInt(2, user_id);
    s.BindText(3, name);
    s.BindTime(4, created_at);
    return s.Run();
  }

  Result<UserId> FindApiTokenUser(const std::string& token_hash) override {
    auto st = PrepareStatement(c_, kFindApiTokenUser);
    if (!st) return st.error();
    st->BindText(1, token_hash);
    return st->OneInt();
  }

  Result<std::int64_t> NextSequence(const std::string& name) override {
    auto st = PrepareStatement(c_, kNextSequence);
    if (!st) return st.error();
    st->BindText(1, name);
    return st->OneInt();
  }

  Result<domain::ReportId> InsertReport(const domain::Report& report) override {
    auto st = PrepareStatement(c_, kInsertReport);
    if (!st) return st.error();
    if (auto b = BindReport(*st, report); !b) return b.error();
    return st->OneInt();
  }

  Status UpdateReport(const domain::Report& report) override {
    auto st = PrepareStatement(c_, kUpdateReport);
    if (!st) return st.error();
    if (auto b = BindReport(*st, report); !b) return b;
    st->BindInt(35, report.id);
    return ChangedOne(*st);
  }

  Result<domain::Report> FindReport(domain::ReportId id) override {
    auto st = PrepareStatement(c_, kFindReport);
    if (!st) return st.error();
    st->BindInt(1, id);
    return OneRow<domain::Report>(*st, ReadReport);
  }

  Result<domain::Report> FindReportByIntakeNumber(const std::string& intake_number) override {
    auto st = PrepareStatement(c_, kFindReportByIntakeNumber);
    if (!st) return st.error();
    st->BindText(1, intake_number);
    return OneRow<domain::Report>(*st, ReadReport);
  }

  Result<std::vector<domain::Report>> ListReports(const ReportFilter& filter) override {
    if (filter.limit <= 0) return Error::Invalid("limit", "limit must be positive");
    auto st = PrepareStatement(c_, kListReports);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindOptInt(1, filter.finder_user_id);
    if (filter.status) {
      s.BindText(2, domain::ReportStatusName(*filter.status));
    } else {
      s.BindNull(2);
    }
    s.BindBool(3, filter.open_only);
    s.BindText(4, domain::ReportStatusName(domain::ReportStatus::kReceived));
    s.BindText(5, domain::ReportStatusName(domain::ReportStatus::kAcknowledged));
    s.BindInt(6, filter.limit);
    return CollectRows<domain::Report>(s, ReadReport);
  }

  Result<std::int64_t> InsertAttachment(const domain::Attachment& meta, const std::string& bytes) override {
    auto st = PrepareStatement(c_, kInsertAttachment);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindInt(1, meta.report_id);
    s.BindText(2, meta.filename);
    s.BindText(3, meta.content_type);
    s.BindInt(4, static_cast<std::int64_t>(bytes.size()));  // the bytes, not meta.size, are the truth
    s.BindText(5, meta.sha256);
    s.BindBlob(6, bytes);
    s.BindInt(7, meta.uploaded_by);
    s.BindTime(8, meta.created_at);
    return s.OneInt();
  }

  Result<std::vector<domain::Attachment>> ListAttachments(domain::ReportId report_id) override {
    auto st = PrepareStatement(c_, kListAttachments);
    if (!st) return st.error();
    st->BindInt(1, report_id);
    return CollectRows<domain::Attachment>(*st, ReadAttachment);
  }

  Result<domain::Attachment> FindAttachment(std::int64_t id) override {
    auto st = PrepareStatement(c_, kFindAttachment);
    if (!st) return st.error();
    st->BindInt(1, id);
    return OneRow<domain::Attachment>(*st, ReadAttachment);
  }

  Result<std::string> ReadAttachmentBytes(std::int64_t id) override {
    auto st = PrepareStatement(c_, kReadAttachmentBytes);
    if (!st) return st.error();
    st->BindInt(1, id);
    return OneRow<std::string>(*st, [](const Stmt& s) { return s.Blob(0); });
  }

  Result<std::int64_t> InsertMessage(const domain::Message& message) override {
    auto st = PrepareStatement(c_, kInsertMessage);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindInt(1, message.report_id);
    s.BindInt(2, message.author_id);
    s.BindText(3, message.author_name);
    s.BindText(4, domain::RoleName(message.author_role));
    s.BindText(5, message.body);
    s.BindTime(6, message.created_at);
    return s.OneInt();
  }

  Result<std::vector<domain::Message>> ListMessages(domain::ReportId report_id) override {
    auto st = PrepareStatement(c_, kListMessages);
    if (!st) return st.error();
    st->BindInt(1, report_id);
    return CollectRows<domain::Message>(*st, [](const Stmt& s) -> Result<domain::Message> {
      domain::Message m;
      m.id = s.Int(0);
      m.report_id = s.Int(1);
      m.author_id = s.Int(2);
      m.author_name = s.Text(3);
      const auto role = domain::ParseRole(s.Text(4));
      if (!role) return Corrupt("messages", "author_role", m.id);
      m.author_role = *role;
      m.body = s.Text(5);
      m.created_at = s.Time(6);
      return m;
    });
  }

  Status AppendEvent(const domain::Event& event) override {
    auto st = PrepareStatement(c_, kAppendEvent);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, event.subject_type);
    s.BindInt(2, event.subject_id);
    s.BindInt(3, event.actor_id);
    s.BindText(4, event.actor_name);
    s.BindTime(5, event.at);
    s.BindText(6, event.action);
    s.BindText(7, event.field);
    s.BindText(8, event.from_value);
    s.BindText(9, event.to_value);
    return s.Run();
  }

  Result<std::vector<domain::Event>> ListEvents(const std::string& subject_type,
                                                std::int64_t subject_id) override {
    auto st = PrepareStatement(c_, kListEvents);
    if (!st) return st.error();
    st->BindText(1, subject_type);
    st->BindInt(2, subject_id);
    return CollectRows<domain::Event>(*st, [](const Stmt& s) {
      domain::Event e;
      e.id = s.Int(0);
      e.subject_type = s.Text(1);
      e.subject_id = s.Int(2);
      e.actor_id = s.Int(3);
      e.actor_name = s.Text(4);
      e.at = s.Time(5);
      e.action = s.Text(6);
      e.field = s.Text(7);
      e.from_value = s.Text(8);
      e.to_value = s.Text(9);
      return e;
    });
  }

  Status AppendAudit(const std::vector<AuditEntry>& entries) override {
    if (entries.empty()) return {};
    auto st = PrepareStatement(c_, kAppendAudit);
    if (!st) return st.error();
    Stmt& s = *st;
    for (const auto& entry : entries) {
      s.BindInt(1, entry.user_id);
      s.BindText(2, entry.action);
      s.BindText(3, entry.subject_type);
      s.BindInt(4, entry.subject_id);
      s.BindTime(5, entry.at);
      if (auto r = s.Run(); !r) return r;
      if (auto r = s.Reset(); !r) return r;
    }
    return {};
  }

  Result<std::vector<AuditEntry>> ListAudit(const std::string& subject_type, std::int64_t subject_id) override {
    auto st = PrepareStatement(c_, kListAudit);
    if (!st) return st.error();
    st->BindText(1, subject_type);
    st->BindInt(2, subject_id);
    return CollectRows<AuditEntry>(*st, [](const Stmt& s) {
      AuditEntry a;
      a.user_id = s.Int(0);
      a.action = s.Text(1);
      a.subject_type = s.Text(2);
      a.subject_id = s.Int(3);
      a.at = s.Time(4);
      return a;
    });
  }

  Result<domain::CaseId> InsertCase(const domain::Case& c) override {
    auto st = PrepareStatement(c_, kInsertCase);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, c.identifier);
    s.BindText(2, domain::CaseTrackName(c.track));
    s.BindInt(3, c.report_id);
    s.BindText(4, c.title);
    s.BindText(5, c.status);
    s.BindTime(6, c.created_at);
    return s.OneInt();
  }

  Result<domain::Case> FindCase(domain::CaseId id) override {
    auto st = PrepareStatement(c_, kFindCase);
    if (!st) return st.error();
    st->BindInt(1, id);
    return OneRow<domain::Case>(*st, ReadCase);
  }

  Result<domain::Case> FindCaseByIdentifier(const std::string& identifier) override {
    auto st = PrepareStatement(c_, kFindCaseByIdentifier);
    if (!st) return st.error();
    st->BindText(1, identifier);
    return OneRow<domain::Case>(*st, ReadCase);
  }

  Result<std::vector<domain::Case>> ListCases() override {
    auto st = PrepareStatement(c_, kListCases);
    if (!st) return st.error();
    return CollectRows<domain::Case>(*st, ReadCase);
  }

  Status AddCaseMember(domain::CaseId case_id, UserId user_id, const std::string& role) override {
    auto st = PrepareStatement(c_, kAddCaseMember);
    if (!st) return st.error();
    st->BindInt(1, case_id);
    st->BindInt(2, user_id);
    st->BindText(3, role);
    return st->Run();
  }

  Result<bool> IsCaseMember(domain::CaseId case_id, UserId user_id) override {
    auto st = PrepareStatement(c_, kIsCaseMember);
    if (!st) return st.error();
    st->BindInt(1, case_id);
    st->BindInt(2, user_id);
    auto n = st->OneInt();
    if (!n) return n.error();
    return *n != 0;
  }

  Result<std::int64_t> InsertVendor(const domain::Vendor& vendor) override {
    auto st = PrepareStatement(c_, kInsertVendor);
    if (!st) return st.error();
    Stmt& s = *st;
    s.BindText(1, vendor.name);
    s.BindText(2, vendor.name_en);
    s.BindText(3, domain::RegistrationTypeName(vendor.registration));
    s.BindText(4, vendor.contact_email);
    s.BindText(5, vendor.phone);
    s.BindBool(6, vendor.public_listing);
    s.BindBool(7, vendor.accepts_direct_reports);
    s.BindTime(8, vendor.created_at);
    s.BindBool(9, vendor.registered);
    s.BindText(10, vendor.reporting_contact);
    return s.OneInt();
  }

  Result<std::vector<domain::Vendor>> ListVendors() override {
    auto st = PrepareStatement(c_, kListVendors);
    if (!st) return st.error();
    return CollectRows<domain::Vendor>(*st, ReadVendor);
  }

 private:
  template <typename BindFn>
  Result<StoredUser> FindUserBy(std::string_view sql, BindFn bind) {
    auto st = PrepareStatement(c_, sql);
    if (!st) return st.error();
    bind(*st);
    return OneRow<StoredUser>(*st, [](const Stmt& s) -> Result<StoredUser> {
      auto user = ReadUser(s);
      if (!user) return user.error();
      StoredUser out;
      out.user = std::move(user).value();
      out.password_hash = s.Text(6);
      return out;
    });
  }

  Connection& c_;
  SqliteCoordinationTx coordination_;
  SqliteMailTx mail_;
  SqlitePublicationTx publication_;
  SqliteReferenceTx reference_;
  SqliteWebsiteTx website_;
  SqliteStatsTx stats_;
  SqliteUnreachableTx unreachable_;
};

// Runs `fn` between `begin` and COMMIT on the leased connection; rolls back
// when fn fails or throws (and rethrows), or when COMMIT fails.
Status RunTransaction(Lease& lease, std::string_view begin, const TxFn& fn, bool bump_generation = false) {
  Connection& c = *lease;
  if (auto s = Exec(c, begin); !s) return s;
  Status result;
  try {
    SqliteTx tx(c);
    result = fn(tx);
    // A versioned write moves the store's generation in the same transaction.
    if (result && bump_generation) result = Exec(c, kBumpGeneration);
  } catch (...) {
    RollbackQuietly(c);
    throw;
  }
  if (!result) {
    RollbackQuietly(c);
    return result;
  }
  if (auto s = Exec(c, kCommit); !s) {
    RollbackQuietly(c);
    return s;
  }
  return result;
}

// Applies one migration in its own transaction, together with its
// schema_migrations row; skips it if another process got there first.
Status ApplyMigration(Connection& c, const Migration& m) {
  if (auto s = Exec(c, kBeginImmediate); !s) return s;
  Status result = [&]() -> Status {
    if (auto s = Exec(c, kCreateMigrationsTable); !s) return s;
    auto current = QueryInt(c, kSelectSchemaVersion);
    if (!current) return current.error();
    if (*current >= m.version) return {};
    // sqlite3_exec runs every statement of the file; it needs a NUL-terminated copy.
    const std::string sql(m.sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(c.db, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return Error::Internal(fmt::format("migration {} failed: {} (rc {})", m.path, detail, rc));
    }
    {
      auto check = PrepareStatement(c, kForeignKeyCheck);
      if (!check) return check.error();
      auto violation = check->Next();
      if (!violation) return violation.error();
      if (*violation) return Error::Internal(fmt::format("migration {} leaves foreign key violations", m.path));
    }
    auto insert = PrepareStatement(c, kInsertMigration);
    if (!insert) return insert.error();
    insert->BindInt(1, m.version);
    insert->BindText(2, m.path);
    insert->BindTime(3, Now());
    return insert->Run();
  }();
  if (result) result = Exec(c, kCommit);
  if (!result) RollbackQuietly(c);
  return result;
}

// Orders migrations by version number.
bool ByVersion(const Migration& a, const Migration& b) { return a.version < b.version; }

// The store whose Write (or migration) this thread is inside, to refuse nesting.
thread_local const void* tl_writing_store = nullptr;

// Marks the current thread as writing to `store` for its lifetime.
class WritingScope {
 public:
  explicit WritingScope(const void* store) : previous_(std::exchange(tl_writing_store, store)) {}
  WritingScope(const WritingScope&) = delete;
  WritingScope& operator=(const WritingScope&) = delete;
  ~WritingScope() { tl_writing_store = previous_; }

 private:
  const void* previous_;
};

}  // namespace

// ---------------------------------------------------------------------------
// Migrations.
// ---------------------------------------------------------------------------

Result<std::vector<Migration>> SqliteMigrations() {
  std::vector<Migration> out;
  for (const auto& entry : embedded::All()) {
    std::string_view path = entry.path;
    if (!path.starts_with(kMigrationPrefix) || !path.ends_with(kMigrationSuffix)) continue;
    const std::string_view name = path.substr(kMigrationPrefix.size());
    if (name.find('/') != std::string_view::npos) continue;
    const std::size_t underscore = name.find('_');
    if (underscore == 0 || underscore == std::string_view::npos) continue;
    const std::string_view digits = name.substr(0, underscore);
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    int version = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec != std::errc{} || ptr != digits.data() + digits.size() || version <= 0) {
      return Error::Internal(fmt::format("bad migration number in {}", path));
    }
    Migration m;
    m.version = version;
    m.path = path;
    m.sql = entry.data;
    out.push_back(m);
  }
  std::sort(out.begin(), out.end(), ByVersion);
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].version == out[i - 1].version) {
      return Error::Internal(fmt::format("migrations {} and {} share a number", out[i - 1].path, out[i].path));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// The store.
// ---------------------------------------------------------------------------

struct SqliteStore::Impl {
  explicit Impl(std::string path) : pool(std::move(path)) {}
  Pool pool;
  std::mutex watch_mu;
  std::unique_ptr<Connection> watch;  // guarded by watch_mu: reads the generation outside transactions
  std::uint64_t watched = 0;                       // guarded by watch_mu: the counter last read
  std::chrono::steady_clock::time_point watched_at;  // guarded by watch_mu
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  if (path.empty() || path == ":memory:") {
    return Error::Internal("sqlite store needs a file path (temporary and in-memory databases are not shared)");
  }
  if (sqlite3_threadsafe() == 0) return Error::Internal("libsqlite3 was built without thread support");
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::make_unique<Impl>(path)));
  auto migrated = store->Migrate();
  if (!migrated) return migrated.error();
  return store;
}

Status SqliteStore::Read(const TxFn& fn) {
  auto lease = impl_->pool.Acquire(ConnectionKind::kRead);
  if (!lease) return lease.error();
  return RunTransaction(*lease, kBeginDeferred, fn);
}

Status SqliteStore::Write(const TxFn& fn) {
  Status st = WriteImpl(fn, /*bump_generation=*/true);
  if (st) local_writes_.fetch_add(1, std::memory_order_acq_rel);
  return st;
}

Status SqliteStore::WriteUnversioned(const TxFn& fn) { return WriteImpl(fn, /*bump_generation=*/false); }

Status SqliteStore::WriteImpl(const TxFn& fn, bool bump_generation) {
  if (tl_writing_store == this) return Error::Internal("nested Store::Write on one thread");
  std::lock_guard lock(write_mu_);
  WritingScope scope(this);
  auto lease = impl_->pool.Acquire(ConnectionKind::kWrite);
  if (!lease) return lease.error();
  return RunTransaction(*lease, kBeginImmediate, fn, bump_generation);
}

std::uint64_t SqliteStore::Generation() const {
  // This process's own writes count at once; other processes' (the CLI's)
  // are read from the store's counter at most every kGenerationPoll, on a
  // connection of its own in autocommit mode. On a failed read, a value no
  // cache holds (caches then miss).
  const std::uint64_t local = local_writes_.load(std::memory_order_acquire);
  std::lock_guard lock(impl_->watch_mu);
  const auto now = std::chrono::steady_clock::now();
  if (now - impl_->watched_at >= kGenerationPoll) {
    if (impl_->watch == nullptr) {
      auto opened = OpenConnection(impl_->pool.path(), ConnectionKind::kRead);
      if (!opened) return failures_.fetch_add(1) | (1ULL << 63);
      impl_->watch = std::move(*opened);
    }
    auto value = QueryInt(*impl_->watch, kSelectGeneration);
    if (!value) return failures_.fetch_add(1) | (1ULL << 63);
    impl_->watched = static_cast<std::uint64_t>(*value);
    impl_->watched_at = now;
  }
  return (impl_->watched << 24) ^ local;
}

Result<int> SqliteStore::Migrate() {
  auto migrations = SqliteMigrations();
  if (!migrations) return migrations.error();
  return ApplyMigrations(*migrations);
}

Result<int> SqliteStore::ApplyMigrations(std::span<const Migration> migrations) {
  if (tl_writing_store == this) return Error::Internal("Migrate inside Store::Write");
  std::vector<Migration> sorted(migrations.begin(), migrations.end());
  std::sort(sorted.begin(), sorted.end(), ByVersion);
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].version <= 0 || (i > 0 && sorted[i].version == sorted[i - 1].version)) {
      return Error::Internal(fmt::format("bad or duplicate migration number in {}", sorted[i].path));
    }
  }
  const int newest = sorted.empty() ? 0 : sorted.back().version;

  std::lock_guard lock(write_mu_);
  WritingScope scope(this);
  // A connection of its own, with foreign keys off so that a migration may
  // rebuild tables; each migration is checked with foreign_key_check instead.
  auto opened = OpenConnection(impl_->pool.path(), ConnectionKind::kMigration);
  if (!opened) return opened.error();
  Connection& c = **opened;

  std::int64_t current = 0;
  {
    if (auto s = Exec(c, kBeginImmediate); !s) return s.error();
    Status st = Exec(c, kCreateMigrationsTable);
    if (st) {
      auto v = QueryInt(c, kSelectSchemaVersion);
      if (v) {
        current = *v;
      } else {
        st = v.error();
      }
    }
    if (st) st = Exec(c, kCommit);
    if (!st) {
      RollbackQuietly(c);
      return st.error();
    }
  }
  if (current > newest) {
    return Error::Internal(fmt::format("database schema version {} is newer than this program's newest migration {}",
                                       current, newest));
  }
  for (const auto& m : sorted) {
    if (m.version <= current) continue;
    if (auto s = ApplyMigration(c, m); !s) return s.error();
    current = m.version;
  }
  return static_cast<int>(current);
}

Result<int> SqliteStore::SchemaVersion() {
  auto lease = impl_->pool.Acquire(ConnectionKind::kRead);
  if (!lease) return lease.error();
  Connection& c = **lease;
  auto exists = QueryInt(c, kMigrationsTableExists);
  if (!exists) return exists.error();
  if (*exists == 0) return 0;
  auto version = QueryInt(c, kSelectSchemaVersion);
  if (!version) return version.error();
  return static_cast<int>(*version);
}

bool SqliteStore::Healthy() {
  auto lease = impl_->pool.Acquire(ConnectionKind::kRead);
  if (!lease) return false;
  auto one = QueryInt(**lease, kSelectOne);
  return one && *one == 1;
}

std::size_t SqliteStore::IdleConnections() const { return impl_->pool.Idle(); }

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto store = SqliteStore::Open(path);
  if (!store) return store.error();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace cvdhub::store
