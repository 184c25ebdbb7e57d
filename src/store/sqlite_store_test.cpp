#include "store/sqlite_store.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cvdhub::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using domain::Report;
using domain::ReportStatus;

// Renders an error (with its internal detail) for assertion messages.
template <typename R>
std::string Describe(const R& r) {
  if (r.ok()) return "ok";
  return fmt::format("code {} message '{}' field '{}' internal '{}'", static_cast<int>(r.error().code),
                     r.error().message, r.error().field, r.error().internal);
}

// The error code of a failed result, or nullopt when it succeeded.
template <typename R>
std::optional<ErrorCode> CodeOf(const R& r) {
  if (r.ok()) return std::nullopt;
  return r.error().code;
}

Timestamp At(std::int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

domain::User MakeUser(const std::string& email, domain::Role role = domain::Role::kFinder) {
  domain::User u;
  u.email = email;
  u.display_name = "User " + email;
  u.role = role;
  u.language = domain::Language::kEn;
  return u;
}

// A report with every field set to a non-default value.
Report FullReport(const std::string& intake_number, UserId finder) {
  Report r;
  r.intake_number = intake_number;
  auto& s = r.submission;
  s.kind = domain::ReportKind::kWebsite;
  s.title = "XSS in 検索フォーム";
  s.product_name = "Example Shop";
  s.product_version = "1.2.3";
  s.product_url = "https://shop.example.jp/";
  s.discovery_method = "manual review";
  s.tools_used = "Burp Suite";
  s.reproduction = "1. open /search\n2. paste <script>alert(1)</script>";
  s.impact = "session theft";
  s.publicly_known = true;
  s.public_reference = "https://blog.example/post";
  s.time_constraints = "talk on 2026-05-01";
  s.vendor_contacted = true;
  s.vendor_contact_details = "mailed psirt@example.jp";
  s.finder_name = "山田 太郎";
  s.finder_contact = "yamada@example.jp";
  s.wants_credit = true;
  s.credit_name = "Taro Yamada";
  s.language = domain::Language::kEn;
  s.source = domain::ReportSource::kOverseasCoordinator;
  r.finder_user_id = finder;
  r.status = ReportStatus::kDeclined;
  r.priority.wide_effect_japan = true;
  r.priority.critical_infrastructure = false;
  r.priority.large_user_base = true;
  r.decline_reason = domain::DeclineReason::kDebugMode;
  r.decision_note = "only in debug builds";
  r.received_at = At(1'767'225'600);
  r.ack_deadline = std::chrono::sys_days{2024y / 2 / 29d};
  r.acknowledged_at = At(1'767'225'700);
  r.decided_at = At(1'767'225'800);
  r.case_id = std::nullopt;
  r.case_identifier = "";
  return r;
}

// A minimal report for list tests.
Report ListReport(const std::string& intake_number, UserId finder, ReportStatus status, int prio,
                  std::chrono::sys_days deadline) {
  Report r;
  r.intake_number = intake_number;
  r.submission.title = intake_number;
  r.finder_user_id = finder;
  r.status = status;
  r.priority.wide_effect_japan = prio >= 1;
  r.priority.critical_infrastructure = prio >= 2;
  r.priority.large_user_base = prio >= 3;
  r.received_at = At(1'767'225'600);
  r.ack_deadline = deadline;
  return r;
}

void ExpectSameReport(const Report& a, const Report& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.intake_number, b.intake_number);
  const auto& x = a.submission;
  const auto& y = b.submission;
  EXPECT_EQ(x.kind, y.kind);
  EXPECT_EQ(x.title, y.title);
  EXPECT_EQ(x.product_name, y.product_name);
  EXPECT_EQ(x.product_version, y.product_version);
  EXPECT_EQ(x.product_url, y.product_url);
  EXPECT_EQ(x.discovery_method, y.discovery_method);
  EXPECT_EQ(x.tools_used, y.tools_used);
  EXPECT_EQ(x.reproduction, y.reproduction);
  EXPECT_EQ(x.impact, y.impact);
  EXPECT_EQ(x.publicly_known, y.publicly_known);
  EXPECT_EQ(x.public_reference, y.public_reference);
  EXPECT_EQ(x.time_constraints, y.time_constraints);
  EXPECT_EQ(x.vendor_contacted, y.vendor_contacted);
  EXPECT_EQ(x.vendor_contact_details, y.vendor_contact_details);
  EXPECT_EQ(x.finder_name, y.finder_name);
  EXPECT_EQ(x.finder_contact, y.finder_contact);
  EXPECT_EQ(x.wants_credit, y.wants_credit);
  EXPECT_EQ(x.credit_name, y.credit_name);
  EXPECT_EQ(x.language, y.language);
  EXPECT_EQ(x.source, y.source);
  EXPECT_EQ(a.finder_user_id, b.finder_user_id);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.priority.wide_effect_japan, b.priority.wide_effect_japan);
  EXPECT_EQ(a.priority.critical_infrastructure, b.priority.critical_infrastructure);
  EXPECT_EQ(a.priority.large_user_base, b.priority.large_user_base);
  EXPECT_EQ(a.decline_reason, b.decline_reason);
  EXPECT_EQ(a.decision_note, b.decision_note);
  EXPECT_EQ(a.received_at, b.received_at);
  EXPECT_EQ(a.ack_deadline, b.ack_deadline);
  EXPECT_EQ(a.acknowledged_at, b.acknowledged_at);
  EXPECT_EQ(a.decided_at, b.decided_at);
  EXPECT_EQ(a.case_id, b.case_id);
  EXPECT_EQ(a.case_identifier, b.case_identifier);
}

// A plain second connection, bypassing the store (as another process would).
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(db_); }

  // Runs `sql`; returns the SQLite error message, or "" on success.
  std::string Exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    std::string out = rc == SQLITE_OK ? "" : (err != nullptr ? err : "error");
    sqlite3_free(err);
    return out;
  }

  // The first column of the first row of `sql` as text.
  std::string Scalar(const char* sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &st, nullptr) != SQLITE_OK) return "<prepare failed>";
    std::string out = "<no row>";
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(st, 0);
      out = text != nullptr ? reinterpret_cast<const char*>(text) : "<null>";
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / fmt::format("cvdhub_store_test_{:08x}{:08x}", rd(), rd());
    fs::create_directories(dir_);
    path_ = (dir_ / "cvdhub.db").string();
    auto opened = SqliteStore::Open(path_);
    ASSERT_TRUE(opened.ok()) << Describe(opened);
    store_ = std::move(opened).value();
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  UserId AddUser(const std::string& email, domain::Role role = domain::Role::kFinder) {
    UserId id = 0;
    const Status s = store_->Write([&](Tx& tx) -> Status {
      auto r = tx.InsertUser(MakeUser(email, role), "hash");
      if (!r) return r.error();
      id = *r;
      return {};
    });
    EXPECT_TRUE(s.ok()) << Describe(s);
    return id;
  }

  domain::ReportId AddReport(const Report& report) {
    domain::ReportId id = 0;
    const Status s = store_->Write([&](Tx& tx) -> Status {
      auto r = tx.InsertReport(report);
      if (!r) return r.error();
      id = *r;
      return {};
    });
    EXPECT_TRUE(s.ok()) << Describe(s);
    return id;
  }

  Result<Report> GetReport(domain::ReportId id) {
    Result<Report> out = Error::NotFound();
    const Status s = store_->Read([&](Tx& tx) -> Status {
      out = tx.FindReport(id);
      return {};
    });
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  }

  std::vector<std::string> ListIntakeNumbers(const ReportFilter& filter) {
    std::vector<std::string> out;
    const Status s = store_->Read([&](Tx& tx) -> Status {
      auto list = tx.ListReports(filter);
      if (!list) return list.error();
      for (const auto& r : *list) out.push_back(r.intake_number);
      return {};
    });
    EXPECT_TRUE(s.ok()) << Describe(s);
    return out;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, MigrateIsIdempotentAndReportsTheVersion) {
  auto migrations = SqliteMigrations();
  ASSERT_TRUE(migrations.ok()) << Describe(migrations);
  ASSERT_FALSE(migrations->empty());
  EXPECT_EQ(migrations->front().version, 1);
  EXPECT_EQ(migrations->front().path, "schema/sqlite/001_init.sql");
  const int newest = migrations->back().version;

  auto version = store_->SchemaVersion();
  ASSERT_TRUE(version.ok()) << Describe(version);
  EXPECT_EQ(*version, newest);
  for (int i = 0; i < 2; ++i) {
    auto again = store_->Migrate();
    ASSERT_TRUE(again.ok()) << Describe(again);
    EXPECT_EQ(*again, newest);
  }
  store_.reset();
  auto reopened = SqliteStore::Open(path_);
  ASSERT_TRUE(reopened.ok()) << Describe(reopened);
  EXPECT_EQ(*(*reopened)->SchemaVersion(), newest);
  EXPECT_TRUE((*reopened)->Healthy());

  RawDb raw(path_);
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM schema_migrations"), std::to_string(migrations->size()));
  EXPECT_EQ(raw.Scalar("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, FailedMigrationLeavesNothingAndNewerStoreIsRefused) {
  auto migrations = SqliteMigrations();
  ASSERT_TRUE(migrations.ok());
  const int newest = migrations->back().version;

  std::vector<Migration> with_bad(*migrations);
  Migration bad;
  bad.version = newest + 1;
  bad.path = "test/bad.sql";
  bad.sql = "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);";
  with_bad.push_back(bad);
  auto failed = store_->ApplyMigrations(with_bad);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(CodeOf(failed), ErrorCode::kInternal);
  EXPECT_NE(failed.error().internal.find("test/bad.sql"), std::string::npos) << failed.error().internal;
  EXPECT_EQ(*store_->SchemaVersion(), newest);

  // A migration leaving dangling references is refused by foreign_key_check.
  std::vector<Migration> with_dangling(*migrations);
  Migration dangling;
  dangling.version = newest + 1;
  dangling.path = "test/dangling.sql";
  dangling.sql = "INSERT INTO sessions VALUES ('t', 999, 'c', 0, 0);";
  with_dangling.push_back(dangling);
  EXPECT_FALSE(store_->ApplyMigrations(with_dangling).ok());
  EXPECT_EQ(*store_->SchemaVersion(), newest);

  {
    RawDb raw(path_);
    EXPECT_EQ(raw.Scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"), "0");
    EXPECT_EQ(raw.Scalar("SELECT count(*) FROM sessions"), "0");
  }

  std::vector<Migration> with_good(*migrations);
  Migration good;
  good.version = newest + 1;
  good.path = "test/good.sql";
  good.sql = "CREATE TABLE extra (x INTEGER NOT NULL);\nCREATE INDEX extra_x ON extra(x);";
  with_good.push_back(good);
  auto applied = store_->ApplyMigrations(with_good);
  ASSERT_TRUE(applied.ok()) << Describe(applied);
  EXPECT_EQ(*applied, newest + 1);
  EXPECT_EQ(*store_->SchemaVersion(), newest + 1);

  // This binary's migrations are older than the store now.
  auto refused = store_->Migrate();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(CodeOf(refused), ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, ReportRoundTripsEveryField) {
  const UserId finder = AddUser("finder@example.jp");
  Report report = FullReport("IN-2026-00001", finder);
  report.id = AddReport(report);
  ASSERT_GT(report.id, 0);

  auto found = GetReport(report.id);
  ASSERT_TRUE(found.ok()) << Describe(found);
  ExpectSameReport(*found, report);

  // A case to point at (the foreign key is enforced).
  domain::CaseId case_id = 0;
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    domain::Case c;
    c.identifier = "JVNVU#12345678";
    c.track = domain::CaseTrack::kWebsite;
    c.report_id = report.id;
    c.title = "case";
    c.status = "coordinating";
    c.created_at = At(1'767'300'000);
    auto id = tx.InsertCase(c);
    if (!id) return id.error();
    case_id = *id;
    return {};
  }).ok());

  // Change every mutable column.
  Report changed = report;
  auto& s = changed.submission;
  s.kind = domain::ReportKind::kSoftware;
  s.title = "SQL injection";
  s.product_name = "Widget";
  s.product_version = "2.0";
  s.product_url = "https://widget.example/";
  s.discovery_method = "fuzzing";
  s.tools_used = "";
  s.reproduction = "curl …";
  s.impact = "data leak";
  s.publicly_known = false;
  s.public_reference = "";
  s.time_constraints = "";
  s.vendor_contacted = false;
  s.vendor_contact_details = "";
  s.finder_name = "Taro";
  s.finder_contact = "taro@example.jp";
  s.wants_credit = false;
  s.credit_name = "";
  s.language = domain::Language::kJa;
  s.source = domain::ReportSource::kDirect;
  changed.status = ReportStatus::kAccepted;
  changed.priority.wide_effect_japan = false;
  changed.priority.critical_infrastructure = true;
  changed.priority.large_user_base = false;
  changed.decline_reason = std::nullopt;
  changed.decision_note = "accepted after all";
  changed.acknowledged_at = std::nullopt;
  changed.decided_at = At(1'767'400'000);
  changed.case_id = case_id;
  changed.case_identifier = "JVNVU#12345678";
  const Status updated = store_->Write([&](Tx& tx) { return tx.UpdateReport(changed); });
  ASSERT_TRUE(updated.ok()) << Describe(updated);

  found = GetReport(report.id);
  ASSERT_TRUE(found.ok()) << Describe(found);
  ExpectSameReport(*found, changed);

  // Intake facts are not changed by UpdateReport.
  Report tampered = changed;
  tampered.intake_number = "IN-2099-99999";
  tampered.received_at = At(0);
  tampered.ack_deadline = std::chrono::sys_days{2099y / 1 / 1d};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.UpdateReport(tampered); }).ok());
  found = GetReport(report.id);
  ASSERT_TRUE(found.ok());
  ExpectSameReport(*found, changed);

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto by_number = tx.FindReportByIntakeNumber("IN-2026-00001");
    if (!by_number) return by_number.error();
    EXPECT_EQ(by_number->id, report.id);
    EXPECT_EQ(CodeOf(tx.FindReportByIntakeNumber("IN-1999-00001")), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(tx.FindReport(report.id + 100)), ErrorCode::kNotFound);
    return {};
  }).ok());

  Report missing = changed;
  missing.id = report.id + 100;
  const Status not_found = store_->Write([&](Tx& tx) { return tx.UpdateReport(missing); });
  ASSERT_FALSE(not_found.ok());
  EXPECT_EQ(CodeOf(not_found), ErrorCode::kNotFound);

  // A report without an account stores finder 0 as NULL and reads it back as 0.
  Report anonymous = FullReport("IN-2026-00002", 0);
  anonymous.decline_reason = std::nullopt;
  anonymous.acknowledged_at = std::nullopt;
  anonymous.decided_at = std::nullopt;
  anonymous.id = AddReport(anonymous);
  found = GetReport(anonymous.id);
  ASSERT_TRUE(found.ok());
  ExpectSameReport(*found, anonymous);
  RawDb raw(path_);
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM reports WHERE finder_user_id IS NULL"), "1");
  EXPECT_EQ(raw.Scalar("SELECT ack_deadline FROM reports WHERE intake_number = 'IN-2026-00002'"), "2024-02-29");
}

TEST_F(SqliteStoreTest, DuplicateIntakeNumberAndOutOfRangeDateAreRefused) {
  AddReport(FullReport("IN-2026-00001", 0));
  const Status dup = store_->Write([&](Tx& tx) -> Status {
    auto r = tx.InsertReport(FullReport("IN-2026-00001", 0));
    if (!r) return r.error();
    return {};
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(CodeOf(dup), ErrorCode::kConflict);

  Report far = FullReport("IN-2026-00003", 0);
  far.ack_deadline = std::chrono::sys_days{std::chrono::year{10000} / 1 / 1d};
  const Status bad_date = store_->Write([&](Tx& tx) -> Status {
    auto r = tx.InsertReport(far);
    if (!r) return r.error();
    return {};
  });
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(CodeOf(bad_date), ErrorCode::kInvalidInput);
}

TEST_F(SqliteStoreTest, CorruptEnumValueIsInternalNotACrash) {
  const auto id = AddReport(FullReport("IN-2026-00001", 0));
  {
    RawDb raw(path_);
    ASSERT_EQ(raw.Exec("UPDATE reports SET status = 'bogus'"), "");
  }
  auto found = GetReport(id);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(CodeOf(found), ErrorCode::kInternal);
  EXPECT_EQ(found.error().message, "internal error");
  EXPECT_NE(found.error().internal.find("reports.status"), std::string::npos);
  {
    RawDb raw(path_);
    ASSERT_EQ(raw.Exec("UPDATE reports SET status = 'received', ack_deadline = '2026-02-30'"), "");
  }
  found = GetReport(id);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(CodeOf(found), ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, UsersAndCaseInsensitiveUniqueEmail) {
  const UserId alice = AddUser("Alice@Example.com", domain::Role::kIntakeAnalyst);
  ASSERT_GT(alice, 0);

  const Status dup = store_->Write([&](Tx& tx) -> Status {
    auto r = tx.InsertUser(MakeUser("alice@example.COM"), "");
    if (!r) return r.error();
    return {};
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(CodeOf(dup), ErrorCode::kConflict);
  EXPECT_EQ(dup.error().message, "already exists");
  EXPECT_TRUE(dup.error().field.empty());
  EXPECT_EQ(dup.error().message.find("UNIQUE"), std::string::npos);
  EXPECT_NE(dup.error().internal.find("UNIQUE"), std::string::npos);

  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.UpdatePassword(alice, "$argon2id$new"); }).ok());
  const Status missing = store_->Write([&](Tx& tx) { return tx.UpdatePassword(alice + 10, "x"); });
  EXPECT_EQ(CodeOf(missing), ErrorCode::kNotFound);

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto by_email = tx.FindUserByEmail("ALICE@example.com");
    if (!by_email) return by_email.error();
    EXPECT_EQ(by_email->user.id, alice);
    EXPECT_EQ(by_email->user.email, "Alice@Example.com");
    EXPECT_EQ(by_email->user.display_name, "User Alice@Example.com");
    EXPECT_EQ(by_email->user.role, domain::Role::kIntakeAnalyst);
    EXPECT_EQ(by_email->user.language, domain::Language::kEn);
    EXPECT_FALSE(by_email->user.disabled);
    EXPECT_EQ(by_email->password_hash, "$argon2id$new");
    auto by_id = tx.FindUser(alice);
    if (!by_id) return by_id.error();
    EXPECT_EQ(by_id->user.email, "Alice@Example.com");
    EXPECT_EQ(CodeOf(tx.FindUser(alice + 10)), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(tx.FindUserByEmail("bob@example.com")), ErrorCode::kNotFound);
    auto all = tx.ListUsers();
    if (!all) return all.error();
    EXPECT_EQ(all->size(), 1u);
    return {};
  }).ok());
}

TEST_F(SqliteStoreTest, WriteReturningErrorRollsBack) {
  const Status s = store_->Write([&](Tx& tx) -> Status {
    auto id = tx.InsertUser(MakeUser("a@example.com"), "");
    if (!id) return id.error();
    auto seq = tx.NextSequence("intake:2026");
    if (!seq) return seq.error();
    return Error::Invalid("title", "title is required");
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(CodeOf(s), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.error().field, "title");

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    EXPECT_EQ(CodeOf(tx.FindUserByEmail("a@example.com")), ErrorCode::kNotFound);
    EXPECT_TRUE(tx.ListUsers()->empty());
    return {};
  }).ok());
  // The counter was rolled back too.
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    EXPECT_EQ(*tx.NextSequence("intake:2026"), 1);
    return {};
  }).ok());
}

TEST_F(SqliteStoreTest, WriteThatThrowsRollsBackAndRethrows) {
  EXPECT_THROW(
      {
        (void)store_->Write([&](Tx& tx) -> Status {
          auto id = tx.InsertUser(MakeUser("a@example.com"), "");
          if (!id) return id.error();
          throw std::runtime_error("boom");
        });
      },
      std::runtime_error);
  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    EXPECT_TRUE(tx.ListUsers()->empty());
    return {};
  }).ok());
  // The store is usable afterwards (the connection is not stuck in a transaction).
  EXPECT_GT(AddUser("a@example.com"), 0);
}

TEST_F(SqliteStoreTest, WritesInsideReadAndNestedWritesFail) {
  const Status in_read = store_->Read([&](Tx& tx) -> Status {
    auto r = tx.InsertUser(MakeUser("a@example.com"), "");
    if (!r) return r.error();
    return {};
  });
  ASSERT_FALSE(in_read.ok());
  EXPECT_EQ(CodeOf(in_read), ErrorCode::kInternal);
  EXPECT_EQ(in_read.error().message, "internal error");
  EXPECT_NE(in_read.error().internal.find("readonly"), std::string::npos) << in_read.error().internal;

  const Status nested = store_->Write([&](Tx&) { return store_->Write([](Tx&) { return Status::Ok(); }); });
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(CodeOf(nested), ErrorCode::kInternal);

  // A Read inside a Write is allowed and sees only committed data.
  const Status read_in_write = store_->Write([&](Tx& tx) -> Status {
    auto id = tx.InsertUser(MakeUser("b@example.com"), "");
    if (!id) return id.error();
    return store_->Read([&](Tx& rtx) -> Status {
      EXPECT_EQ(CodeOf(rtx.FindUser(*id)), ErrorCode::kNotFound);
      return {};
    });
  });
  EXPECT_TRUE(read_in_write.ok()) << Describe(read_in_write);
  EXPECT_TRUE(store_->Healthy());
}

TEST_F(SqliteStoreTest, EventsAndAuditAreAppendOnlyAndOrdered) {
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    for (auto [at, action] : {std::pair{200, "second"}, std::pair{100, "first"}, std::pair{200, "third"}}) {
      domain::Event e;
      e.subject_type = "report";
      e.subject_id = 7;
      e.actor_id = 3;
      e.actor_name = "analyst";
      e.at = At(at);
      e.action = action;
      e.field = "status";
      e.from_value = "received";
      e.to_value = "acknowledged";
      if (auto s = tx.AppendEvent(e); !s) return s;
    }
    domain::Event other;
    other.subject_type = "case";
    other.subject_id = 7;
    other.actor_name = "system";
    other.at = At(50);
    other.action = "case.created";
    if (auto s = tx.AppendEvent(other); !s) return s;
    AuditEntry a;
    a.user_id = 3;
    a.action = "report.read";
    a.subject_type = "report";
    a.subject_id = 7;
    a.at = At(300);
    AuditEntry b = a;
    b.action = "attachment.download";
    b.at = At(250);
    return tx.AppendAudit({a, b});
  }).ok());

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto events = tx.ListEvents("report", 7);
    if (!events) return events.error();
    EXPECT_EQ(events->size(), 3u);
    std::vector<std::string> actions;
    for (const auto& e : *events) actions.push_back(e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"first", "second", "third"}));
    EXPECT_EQ(events->front().actor_id, 3);
    EXPECT_EQ(events->front().actor_name, "analyst");
    EXPECT_EQ(events->front().at, At(100));
    EXPECT_EQ(events->front().field, "status");
    EXPECT_EQ(events->front().from_value, "received");
    EXPECT_EQ(events->front().to_value, "acknowledged");
    auto audit = tx.ListAudit("report", 7);
    if (!audit) return audit.error();
    EXPECT_EQ(audit->size(), 2u);
    EXPECT_EQ(audit->front().action, "attachment.download");
    EXPECT_EQ(audit->front().at, At(250));
    return {};
  }).ok());

  RawDb raw(path_);
  EXPECT_NE(raw.Exec("UPDATE events SET action = 'tampered'").find("append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM events").find("append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("UPDATE audit_log SET action = 'tampered'").find("append-only"), std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_log").find("append-only"), std::string::npos);
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM events WHERE action = 'tampered'"), "0");
  EXPECT_EQ(raw.Scalar("SELECT count(*) FROM events"), "4");
}

TEST_F(SqliteStoreTest, NextSequenceCountsPerName) {
  std::vector<std::int64_t> a;
  std::vector<std::int64_t> b;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
      auto x = tx.NextSequence("intake:2026");
      if (!x) return x.error();
      a.push_back(*x);
      if (i == 0) {
        auto y = tx.NextSequence("web:2026");
        if (!y) return y.error();
        b.push_back(*y);
      }
      return {};
    }).ok());
  }
  EXPECT_EQ(a, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(b, (std::vector<std::int64_t>{1}));
}

TEST_F(SqliteStoreTest, ConcurrentReadersWhileWriting) {
  std::atomic<bool> done{false};
  std::atomic<int> errors{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      std::size_t last = 0;
      while (!done.load()) {
        const Status s = store_->Read([&](Tx& tx) -> Status {
          ReportFilter filter;
          auto list = tx.ListReports(filter);
          if (!list) return list.error();
          if (list->size() < last) return Error::Internal("a reader went back in time");
          last = list->size();
          return {};
        });
        if (!s.ok()) {
          ADD_FAILURE() << Describe(s);
          ++errors;
        }
        ++reads;
      }
    });
  }
  // Several writer threads too: NextSequence must hand out unique values.
  std::vector<std::thread> writers;
  std::mutex seen_mu;
  std::set<std::int64_t> seen;
  for (int w = 0; w < 2; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 40; ++i) {
        const Status s = store_->Write([&](Tx& tx) -> Status {
          auto n = tx.NextSequence("intake:2026");
          if (!n) return n.error();
          {
            std::lock_guard lock(seen_mu);
            seen.insert(*n);
          }
          auto id = tx.InsertReport(ListReport(fmt::format("IN-{}-{}", w, i), 0, ReportStatus::kReceived, i % 4,
                                               std::chrono::sys_days{2026y / 1 / 1d} + std::chrono::days{i}));
          if (!id) return id.error();
          return {};
        });
        if (!s.ok()) {
          ADD_FAILURE() << Describe(s);
          ++errors;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(seen.size(), 80u);
  EXPECT_EQ(*seen.begin(), 1);
  EXPECT_EQ(*seen.rbegin(), 80);
  ReportFilter all;
  EXPECT_EQ(ListIntakeNumbers(all).size(), 80u);
  EXPECT_GE(store_->IdleConnections(), 2u);
}

TEST_F(SqliteStoreTest, SessionsAndApiTokens) {
  const UserId user = AddUser("a@example.com");
  Session session;
  session.token_hash = "abc123";
  session.user_id = user;
  session.csrf_token = "csrf";
  session.created_at = At(1000);
  session.expires_at = At(500);  // already expired: still found
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    if (auto s = tx.InsertSession(session); !s) return s;
    return tx.InsertApiToken(user, "ci", "tokhash", At(1000));
  }).ok());

  const Status dup = store_->Write([&](Tx& tx) { return tx.InsertApiToken(user, "ci2", "tokhash", At(1001)); });
  EXPECT_EQ(CodeOf(dup), ErrorCode::kConflict);
  const Status dangling =
      store_->Write([&](Tx& tx) { return tx.InsertApiToken(user + 50, "x", "other", At(1)); });
  EXPECT_EQ(CodeOf(dangling), ErrorCode::kInternal);  // foreign key

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto found = tx.FindSession("abc123");
    if (!found) return found.error();
    EXPECT_EQ(found->token_hash, "abc123");
    EXPECT_EQ(found->user_id, user);
    EXPECT_EQ(found->csrf_token, "csrf");
    EXPECT_EQ(found->created_at, At(1000));
    EXPECT_EQ(found->expires_at, At(500));
    EXPECT_EQ(CodeOf(tx.FindSession("nope")), ErrorCode::kNotFound);
    EXPECT_EQ(*tx.FindApiTokenUser("tokhash"), user);
    EXPECT_EQ(CodeOf(tx.FindApiTokenUser("nope")), ErrorCode::kNotFound);
    return {};
  }).ok());

  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.DeleteSession("abc123"); }).ok());
  const Status again = store_->Write([&](Tx& tx) { return tx.DeleteSession("abc123"); });
  EXPECT_EQ(CodeOf(again), ErrorCode::kNotFound);
  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    EXPECT_EQ(CodeOf(tx.FindSession("abc123")), ErrorCode::kNotFound);
    return {};
  }).ok());
}

TEST_F(SqliteStoreTest, AttachmentBytesRoundTripIncludingNul) {
  const auto report_id = AddReport(FullReport("IN-2026-00001", 0));
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  bytes += std::string("\0\0tail\0", 7);
  domain::Attachment meta;
  meta.report_id = report_id;
  meta.filename = "poc.bin";
  meta.content_type = "application/octet-stream";
  meta.size = 1;  // ignored: the stored size is the byte count
  meta.sha256 = std::string(64, 'a');
  meta.created_at = At(1234);
  meta.uploaded_by = 9;
  domain::Attachment empty_meta = meta;
  empty_meta.filename = "empty.txt";
  empty_meta.content_type = "text/plain";

  std::int64_t first = 0;
  std::int64_t second = 0;
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    auto a = tx.InsertAttachment(meta, bytes);
    if (!a) return a.error();
    first = *a;
    auto b = tx.InsertAttachment(empty_meta, std::string());
    if (!b) return b.error();
    second = *b;
    return {};
  }).ok());

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto read = tx.ReadAttachmentBytes(first);
    if (!read) return read.error();
    EXPECT_EQ(read->size(), bytes.size());
    EXPECT_EQ(*read, bytes);
    auto empty = tx.ReadAttachmentBytes(second);
    if (!empty) return empty.error();
    EXPECT_TRUE(empty->empty());
    EXPECT_EQ(CodeOf(tx.ReadAttachmentBytes(second + 10)), ErrorCode::kNotFound);

    auto found = tx.FindAttachment(first);
    if (!found) return found.error();
    EXPECT_EQ(found->id, first);
    EXPECT_EQ(found->report_id, report_id);
    EXPECT_EQ(found->filename, "poc.bin");
    EXPECT_EQ(found->content_type, "application/octet-stream");
    EXPECT_EQ(found->size, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(found->sha256, meta.sha256);
    EXPECT_EQ(found->created_at, At(1234));
    EXPECT_EQ(found->uploaded_by, 9);
    EXPECT_EQ(CodeOf(tx.FindAttachment(second + 10)), ErrorCode::kNotFound);

    auto list = tx.ListAttachments(report_id);
    if (!list) return list.error();
    EXPECT_EQ(list->size(), 2u);
    EXPECT_EQ(list->at(0).id, first);
    EXPECT_EQ(list->at(1).id, second);
    EXPECT_EQ(list->at(1).size, 0);
    EXPECT_TRUE(tx.ListAttachments(report_id + 1)->empty());
    return {};
  }).ok());
}

TEST_F(SqliteStoreTest, MessagesAreOrderedByTimeThenId) {
  const auto report_id = AddReport(FullReport("IN-2026-00001", 0));
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    for (auto [at, body] : {std::pair{20, "b"}, std::pair{10, "a"}, std::pair{20, "c"}}) {
      domain::Message m;
      m.report_id = report_id;
      m.author_id = 4;
      m.author_name = "Analyst";
      m.author_role = domain::Role::kIntakeAnalyst;
      m.body = body;
      m.created_at = At(at);
      auto id = tx.InsertMessage(m);
      if (!id) return id.error();
    }
    return {};
  }).ok());
  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto list = tx.ListMessages(report_id);
    if (!list) return list.error();
    std::string bodies;
    for (const auto& m : *list) bodies += m.body;
    EXPECT_EQ(bodies, "abc");
    EXPECT_EQ(list->front().author_role, domain::Role::kIntakeAnalyst);
    EXPECT_EQ(list->front().author_name, "Analyst");
    EXPECT_EQ(list->front().author_id, 4);
    EXPECT_EQ(list->front().created_at, At(10));
    return {};
  }).ok());
}

TEST_F(SqliteStoreTest, ListReportsFiltersAndOrders) {
  using std::chrono::sys_days;
  const UserId a = AddUser("a@example.com");
  const UserId b = AddUser("b@example.com");
  AddReport(ListReport("R1", a, ReportStatus::kReceived, 0, sys_days{2026y / 1 / 10d}));
  AddReport(ListReport("R2", a, ReportStatus::kAcknowledged, 2, sys_days{2026y / 1 / 12d}));
  AddReport(ListReport("R3", b, ReportStatus::kReceived, 2, sys_days{2026y / 1 / 11d}));
  AddReport(ListReport("R4", b, ReportStatus::kDeclined, 3, sys_days{2026y / 1 / 5d}));
  AddReport(ListReport("R5", 0, ReportStatus::kAccepted, 0, sys_days{2026y / 1 / 1d}));
  AddReport(ListReport("R6", a, ReportStatus::kReceived, 0, sys_days{2026y / 1 / 10d}));
  using V = std::vector<std::string>;

  ReportFilter all;
  EXPECT_EQ(ListIntakeNumbers(all), (V{"R4", "R3", "R2", "R5", "R1", "R6"}));
  ReportFilter mine;
  mine.finder_user_id = a;
  EXPECT_EQ(ListIntakeNumbers(mine), (V{"R2", "R1", "R6"}));
  ReportFilter received;
  received.status = ReportStatus::kReceived;
  EXPECT_EQ(ListIntakeNumbers(received), (V{"R3", "R1", "R6"}));
  ReportFilter open;
  open.open_only = true;
  EXPECT_EQ(ListIntakeNumbers(open), (V{"R3", "R2", "R1", "R6"}));
  open.finder_user_id = b;
  EXPECT_EQ(ListIntakeNumbers(open), (V{"R3"}));
  ReportFilter limited;
  limited.limit = 2;
  EXPECT_EQ(ListIntakeNumbers(limited), (V{"R4", "R3"}));
  ReportFilter nobody;
  nobody.finder_user_id = 0;  // reports without an account are nobody's
  EXPECT_TRUE(ListIntakeNumbers(nobody).empty());

  ReportFilter zero;
  zero.limit = 0;
  const Status invalid = store_->Read([&](Tx& tx) -> Status {
    auto list = tx.ListReports(zero);
    if (!list) return list.error();
    return {};
  });
  EXPECT_EQ(CodeOf(invalid), ErrorCode::kInvalidInput);
}

TEST_F(SqliteStoreTest, CasesMembersAndVendors) {
  const UserId coordinator = AddUser("c@example.com", domain::Role::kCoordinator);
  const auto report_id = AddReport(FullReport("IN-2026-00001", 0));
  domain::Case c;
  c.identifier = "JVN#00000001";
  c.track = domain::CaseTrack::kProduct;
  c.report_id = report_id;
  c.title = "Widget SQLi";
  c.status = "coordinating";
  c.created_at = At(42);
  domain::CaseId case_id = 0;
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    auto id = tx.InsertCase(c);
    if (!id) return id.error();
    case_id = *id;
    return tx.AddCaseMember(case_id, coordinator, "coordinator");
  }).ok());
  const Status dup_case = store_->Write([&](Tx& tx) -> Status {
    auto id = tx.InsertCase(c);
    if (!id) return id.error();
    return {};
  });
  EXPECT_EQ(CodeOf(dup_case), ErrorCode::kConflict);
  const Status dup_member = store_->Write([&](Tx& tx) { return tx.AddCaseMember(case_id, coordinator, "x"); });
  EXPECT_EQ(CodeOf(dup_member), ErrorCode::kConflict);

  domain::Vendor v;
  v.name = "株式会社サンプル";
  v.name_en = "Sample Inc.";
  v.registration = domain::RegistrationType::kGeneral;
  v.contact_email = "psirt@sample.example";
  v.phone = "+81-3-0000-0000";
  v.public_listing = true;
  v.accepts_direct_reports = true;
  v.created_at = At(77);
  ASSERT_TRUE(store_->Write([&](Tx& tx) -> Status {
    auto id = tx.InsertVendor(v);
    if (!id) return id.error();
    v.id = *id;
    return {};
  }).ok());

  ASSERT_TRUE(store_->Read([&](Tx& tx) -> Status {
    auto found = tx.FindCase(case_id);
    if (!found) return found.error();
    EXPECT_EQ(found->identifier, "JVN#00000001");
    EXPECT_EQ(found->track, domain::CaseTrack::kProduct);
    EXPECT_EQ(found->report_id, report_id);
    EXPECT_EQ(found->title, "Widget SQLi");
    EXPECT_EQ(found->status, "coordinating");
    EXPECT_EQ(found->created_at, At(42));
    EXPECT_EQ(tx.FindCaseByIdentifier("JVN#00000001")->id, case_id);
    EXPECT_EQ(CodeOf(tx.FindCaseByIdentifier("JVN#99999999")), ErrorCode::kNotFound);
    EXPECT_EQ(CodeOf(tx.FindCase(case_id + 1)), ErrorCode::kNotFound);
    EXPECT_EQ(tx.ListCases()->size(), 1u);
    EXPECT_TRUE(*tx.IsCaseMember(case_id, coordinator));
    EXPECT_FALSE(*tx.IsCaseMember(case_id, coordinator + 1));
    auto vendors = tx.ListVendors();
    if (!vendors) return vendors.error();
    EXPECT_EQ(vendors->size(), 1u);
    const auto& got = vendors->front();
    EXPECT_EQ(got.id, v.id);
    EXPECT_EQ(got.name, v.name);
    EXPECT_EQ(got.name_en, v.name_en);
    EXPECT_EQ(got.registration, v.registration);
    EXPECT_EQ(got.contact_email, v.contact_email);
    EXPECT_EQ(got.phone, v.phone);
    EXPECT_TRUE(got.public_listing);
    EXPECT_TRUE(got.accepts_direct_reports);
    EXPECT_EQ(got.created_at, At(77));
    return {};
  }).ok());
}

TEST(SqliteStoreOpenTest, MissingDirectoryIsInternal) {
  const auto dir = fs::temp_directory_path() / "cvdhub_store_test_no_such_dir" / "sub";
  auto opened = OpenSqliteStore((dir / "x.db").string());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(CodeOf(opened), ErrorCode::kInternal);
  EXPECT_EQ(opened.error().message, "internal error");
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_FALSE(OpenSqliteStore(":memory:").ok());
}

}  // namespace
}  // namespace cvdhub::store

namespace cvdhub::store {
namespace {

// Cached views trust Generation(): it must move with this process's versioned
// writes at once, with another process's (here: another store on the same
// file, as the CLI is) within the poll interval, and not with audit writes.
TEST(SqliteStoreGeneration, MovesWithVersionedWritesOfAnyProcessButNotWithTheAuditLog) {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("cvdhub_gen_test_{:08x}", rd());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "cvdhub.db").string();
  {
    auto a = SqliteStore::Open(path);
    auto b = SqliteStore::Open(path);
    ASSERT_TRUE(a.ok() && b.ok());
    auto settle = [] { std::this_thread::sleep_for(std::chrono::milliseconds(5)); };
    const auto g0 = (*a)->Generation();
    ASSERT_TRUE((*a)->Write([](Tx& tx) { return tx.NextSequence("x").ok() ? Status{} : Error::Internal("seq"); }).ok());
    EXPECT_NE((*a)->Generation(), g0) << "a local write counts at once";
    settle();
    const auto g1 = (*a)->Generation();  // now also through the store's counter
    ASSERT_TRUE((*a)->WriteUnversioned([](Tx& tx) { return tx.AppendAudit({{.user_id = 1, .action = "read",
                                                                            .subject_type = "report",
                                                                            .subject_id = 1}}); })
                    .ok());
    settle();
    EXPECT_EQ((*a)->Generation(), g1) << "the audit log moves no cached view";
    ASSERT_TRUE((*b)->Write([](Tx& tx) { return tx.NextSequence("y").ok() ? Status{} : Error::Internal("seq"); }).ok());
    settle();
    EXPECT_NE((*a)->Generation(), g1) << "another process's write is seen within the poll interval";
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cvdhub::store
