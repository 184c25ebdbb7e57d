// The storage interface. Nothing outside src/store/ knows which database is
// behind it: SQLite is the embedded default, PostgreSQL implements the same
// interface later.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/report.hpp"
#include "domain/result.hpp"
#include "domain/roles.hpp"
#include "store/coordination_store.hpp"
#include "store/mail_store.hpp"
#include "store/publication_store.hpp"
#include "store/reference_store.hpp"
#include "store/stats_store.hpp"
#include "store/unreachable_store.hpp"
#include "store/website_store.hpp"

namespace cvdhub::store {

using domain::Timestamp;
using domain::UserId;

struct StoredUser {
  domain::User user;
  std::string password_hash;  // argon2id string, empty for accounts without a password
};

struct Session {
  std::string token_hash;  // hex SHA-256 of the cookie value; the cookie itself is never stored
  UserId user_id = 0;
  std::string csrf_token;
  Timestamp created_at{};
  Timestamp expires_at{};
};

struct ReportFilter {
  std::optional<UserId> finder_user_id;          // only this finder's reports
  std::optional<domain::ReportStatus> status;
  bool open_only = false;                         // received or acknowledged
  int limit = 500;
};

struct AuditEntry {
  UserId user_id = 0;
  std::string action;        // e.g. "report.read", "attachment.download"
  std::string subject_type;  // "report", "case", "attachment"
  std::int64_t subject_id = 0;
  Timestamp at{};
};

// One transaction. Reads see a consistent snapshot; writes become visible
// together when the transaction commits. Methods return NotFound when the
// row does not exist and Conflict on a uniqueness violation.
class Tx {
 public:
  virtual ~Tx() = default;

  // Users, sessions and API tokens.
  virtual Result<UserId> InsertUser(const domain::User& user, const std::string& password_hash) = 0;
  virtual Result<StoredUser> FindUserByEmail(const std::string& email) = 0;  // case-insensitive
  virtual Result<StoredUser> FindUser(UserId id) = 0;
  virtual Result<std::vector<domain::User>> ListUsers() = 0;
  virtual Status UpdatePassword(UserId id, const std::string& password_hash) = 0;
  virtual Status InsertSession(const Session& session) = 0;
  virtual Result<Session> FindSession(const std::string& token_hash) = 0;  // even if expired
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status InsertApiToken(UserId user_id, const std::string& name, const std::string& token_hash,
                                Timestamp created_at) = 0;
  virtual Result<UserId> FindApiTokenUser(const std::string& token_hash) = 0;

  // The next value of a named counter, starting at 1 (e.g. "intake:2026").
  virtual Result<std::int64_t> NextSequence(const std::string& name) = 0;

  // Reports.
  virtual Result<domain::ReportId> InsertReport(const domain::Report& report) = 0;
  virtual Status UpdateReport(const domain::Report& report) = 0;  // every mutable column
  virtual Result<domain::Report> FindReport(domain::ReportId id) = 0;
  virtual Result<domain::Report> FindReportByIntakeNumber(const std::string& intake_number) = 0;
  virtual Result<std::vector<domain::Report>> ListReports(const ReportFilter& filter) = 0;

  // Attachments: metadata plus bytes.
  virtual Result<std::int64_t> InsertAttachment(const domain::Attachment& meta, const std::string& bytes) = 0;
  virtual Result<std::vector<domain::Attachment>> ListAttachments(domain::ReportId report_id) = 0;
  virtual Result<domain::Attachment> FindAttachment(std::int64_t id) = 0;
  virtual Result<std::string> ReadAttachmentBytes(std::int64_t id) = 0;

  // The finder's message thread on a report.
  virtual Result<std::int64_t> InsertMessage(const domain::Message& message) = 0;
  virtual Result<std::vector<domain::Message>> ListMessages(domain::ReportId report_id) = 0;

  // The append-only event log (there is no update or delete).
  virtual Status AppendEvent(const domain::Event& event) = 0;
  virtual Result<std::vector<domain::Event>> ListEvents(const std::string& subject_type,
                                                        std::int64_t subject_id) = 0;

  // Reads of confidential material.
  virtual Status AppendAudit(const std::vector<AuditEntry>& entries) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(const std::string& subject_type,
                                                     std::int64_t subject_id) = 0;

  // Cases and their members.
  virtual Result<domain::CaseId> InsertCase(const domain::Case& c) = 0;
  virtual Result<domain::Case> FindCase(domain::CaseId id) = 0;
  virtual Result<domain::Case> FindCaseByIdentifier(const std::string& identifier) = 0;
  virtual Result<std::vector<domain::Case>> ListCases() = 0;
  virtual Status AddCaseMember(domain::CaseId case_id, UserId user_id, const std::string& role) = 0;
  virtual Result<bool> IsCaseMember(domain::CaseId case_id, UserId user_id) = 0;

  // Vendors (registry; extended by coordination).
  virtual Result<std::int64_t> InsertVendor(const domain::Vendor& vendor) = 0;
  virtual Result<std::vector<domain::Vendor>> ListVendors() = 0;

  // The components' parts of this same transaction.
  virtual CoordinationTx& coordination() = 0;
  virtual MailTx& mail() = 0;
  virtual PublicationTx& publication() = 0;
  virtual ReferenceTx& reference() = 0;
  virtual WebsiteTx& website() = 0;
  virtual StatsTx& stats() = 0;
  virtual UnreachableTx& unreachable() = 0;
};

using TxFn = std::function<Status(Tx&)>;

class Store {
 public:
  virtual ~Store() = default;
  // Runs `fn` in a read-only snapshot.
  virtual Status Read(const TxFn& fn) = 0;
  // Runs `fn` in a write transaction: committed if it returns ok, rolled back
  // (nothing half-written) if it returns an error or throws.
  virtual Status Write(const TxFn& fn) = 0;
  // The same as Write, but the generation does not move: for records that no
  // cached view shows (the audit log), so that reading does not evict caches.
  virtual Status WriteUnversioned(const TxFn& fn) = 0;
  // Brings the schema to the newest version; returns the version reached.
  virtual Result<int> Migrate() = 0;
  // The schema version in the store (0 for an empty store).
  virtual Result<int> SchemaVersion() = 0;
  // True when the store answers a trivial query (for /healthz).
  virtual bool Healthy() = 0;
  // A counter that grows with every committed write of this process: views
  // cached under one generation are current as long as it has not moved.
  virtual std::uint64_t Generation() const = 0;
};

// Opens (creating if absent) the SQLite store at `path`, in WAL mode with
// foreign keys on, and migrates it. Fails with Internal if the file cannot be
// opened or a migration fails.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace cvdhub::store
