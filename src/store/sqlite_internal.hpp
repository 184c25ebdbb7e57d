// Internal to src/store/: SQLite connections, statements and helpers
// shared by the files that implement the store for each component.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "domain/result.hpp"
#include "store/store.hpp"

namespace cvdhub::store::sqlite {

// Connection set-up and transactions.
inline constexpr std::string_view kPragmaJournalWal = "PRAGMA journal_mode=WAL";
inline constexpr std::string_view kPragmaForeignKeysOn = "PRAGMA foreign_keys=ON";
inline constexpr std::string_view kPragmaForeignKeysOff = "PRAGMA foreign_keys=OFF";
inline constexpr std::string_view kPragmaSynchronousNormal = "PRAGMA synchronous=NORMAL";
inline constexpr std::string_view kPragmaQueryOnly = "PRAGMA query_only=ON";
inline constexpr std::string_view kForeignKeyCheck = "PRAGMA foreign_key_check";
inline constexpr std::string_view kBeginDeferred = "BEGIN DEFERRED";
inline constexpr std::string_view kBeginImmediate = "BEGIN IMMEDIATE";
inline constexpr std::string_view kCommit = "COMMIT";
inline constexpr std::string_view kRollback = "ROLLBACK";
inline constexpr std::string_view kSelectOne = "SELECT 1";

// ---------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------

// The start of a statement (a constant, never values) for log context.
std::string_view Abbrev(std::string_view sql);

// Maps a failed SQLite call to the error vocabulary. The SQLite message goes
// to `internal` only; a uniqueness violation is a neutral Conflict.
Error SqliteError(sqlite3* db, int rc, std::string_view op, std::string_view context);

// A stored value that does not parse: the row is corrupt.
Error Corrupt(std::string_view table, std::string_view column, std::int64_t id);

// ---------------------------------------------------------------------------
// Dates and times.
// ---------------------------------------------------------------------------

std::int64_t ToSeconds(Timestamp t);
Timestamp FromSeconds(std::int64_t s);
Timestamp Now();

// "YYYY-MM-DD"; years outside 1..9999 are refused so that the text sorts.
std::optional<std::string> FormatDate(std::chrono::sys_days day);

// Parses exactly "YYYY-MM-DD" naming a real calendar date.
std::optional<std::chrono::sys_days> ParseDate(std::string_view text);


// ---------------------------------------------------------------------------
// Connections and statements.
// ---------------------------------------------------------------------------

enum class ConnectionKind {
  kRead,       // PRAGMA query_only=ON
  kWrite,      // the writer's connection
  kMigration,  // foreign keys off (for table rebuilds); used once, never pooled
};

// One sqlite3 handle and its prepared statements. Used by one thread at a time.
struct Connection {
  sqlite3* db = nullptr;
  ConnectionKind kind = ConnectionKind::kWrite;
  std::unordered_map<const char*, sqlite3_stmt*> statements;  // keyed by the query constant

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    // Nothing can be reported from here: finalize repeats the last step's
    // error (already reported), and close_v2 cannot fail once all are finalized.
    for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    sqlite3_close_v2(db);
  }
};

// A checked-out prepared statement. Binding errors are kept and reported by
// the first step; the destructor resets the statement and clears bindings.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt, std::string_view sql) : db_(db), stmt_(stmt), sql_(sql) {}
  Stmt(Stmt&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), sql_(other.sql_),
        bind_error_(std::move(other.bind_error_)) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (stmt_ != nullptr) {
      // reset repeats the last step's result, which the caller already saw;
      // clear_bindings always succeeds.
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  void BindInt(int i, std::int64_t v) { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void BindBool(int i, bool v) { BindInt(i, v ? 1 : 0); }
  void BindDouble(int i, double v) { Check(sqlite3_bind_double(stmt_, i, v)); }
  void BindTime(int i, Timestamp t) { BindInt(i, ToSeconds(t)); }
  void BindNull(int i) { Check(sqlite3_bind_null(stmt_, i)); }
  void BindText(int i, std::string_view v) {
    // An empty view may have a null data pointer, which SQLite would bind as NULL.
    Check(sqlite3_bind_text64(stmt_, i, v.empty() ? "" : v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  // Binds without copying: `v` must outlive this Stmt.
  void BindBlob(int i, std::string_view v) {
    Check(sqlite3_bind_blob64(stmt_, i, v.empty() ? "" : v.data(), v.size(), SQLITE_STATIC));
  }
  void BindOptInt(int i, std::optional<std::int64_t> v) {
    if (v) BindInt(i, *v); else BindNull(i);
  }
  void BindOptTime(int i, std::optional<Timestamp> t) {
    if (t) BindTime(i, *t); else BindNull(i);
  }
  // NULL for 0 (the "none" id of the domain model).
  void BindIdOrNull(int i, std::int64_t id) {
    if (id != 0) BindInt(i, id); else BindNull(i);
  }

  // Steps once: true when a row is ready, false when done.
  Result<bool> Next() {
    if (bind_error_) return *bind_error_;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, rc, "step", sql_);
  }

  // Runs a statement that returns no rows.
  Status Run() {
    auto row = Next();
    if (!row) return row.error();
    if (*row) return Error::Internal(fmt::format("unexpected row from [{}]", Abbrev(sql_)));
    return {};
  }

  // Runs a statement that returns one integer (INSERT … RETURNING id,
  // SELECT count(*)); NotFound when it returns no row.
  Result<std::int64_t> OneInt() {
    auto row = Next();
    if (!row) return row.error();
    if (!*row) return Error::NotFound();
    const std::int64_t value = Int(0);
    auto more = Next();  // to completion, so that every error surfaces
    if (!more) return more.error();
    if (*more) return Error::Internal(fmt::format("more than one row from [{}]", Abbrev(sql_)));
    return value;
  }

  // Readies the statement for another set of bindings.
  Status Reset() {
    const int rc = sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bind_error_.reset();
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "reset", sql_);
    return {};
  }

  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  std::int64_t Changes() const { return sqlite3_changes64(db_); }

  std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool Bool(int col) const { return Int(col) != 0; }
  double Double(int col) const { return sqlite3_column_double(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  Timestamp Time(int col) const { return FromSeconds(Int(col)); }
  std::optional<Timestamp> OptTime(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Time(col);
  }
  std::optional<std::int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    if (p == nullptr) {
      if (IsNull(col)) return {};
      throw std::bad_alloc();  // SQLITE_NOMEM while converting
    }
    return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
  }
  std::string Blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    if (p == nullptr) {
      // A zero-length blob is returned as a null pointer too.
      if (n == 0 && sqlite3_errcode(db_) != SQLITE_NOMEM) return {};
      throw std::bad_alloc();
    }
    return std::string(static_cast<const char*>(p), static_cast<std::size_t>(n));
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK && !bind_error_) bind_error_ = SqliteError(db_, rc, "bind", sql_);
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string_view sql_;
  std::optional<Error> bind_error_;
};


// The connection's cached statement for `sql` (a query constant), prepared on first use.
Result<Stmt> PrepareStatement(Connection& c, std::string_view sql);

// Runs a statement without results.
Status Exec(Connection& c, std::string_view sql);

// Runs a statement returning one integer.
Result<std::int64_t> QueryInt(Connection& c, std::string_view sql);

// Rolls back the open transaction, if SQLite has not already done so. A
// failure is not reported: the pool closes a connection left in a transaction.
void RollbackQuietly(Connection& c);

// Opens and configures one connection.

// Collects every row of `s` through `read` (returning T or Result<T>).
template <typename T, typename ReadFn>
Result<std::vector<T>> CollectRows(Stmt& s, ReadFn read) {
  std::vector<T> out;
  while (true) {
    auto row = s.Next();
    if (!row) return row.error();
    if (!*row) break;
    auto item = read(s);
    if constexpr (std::is_same_v<decltype(item), T>) {
      out.push_back(std::move(item));
    } else {
      if (!item) return item.error();
      out.push_back(std::move(item).value());
    }
  }
  return out;
}

// Steps to the single row of a lookup and reads it; NotFound without a row.
template <typename T, typename ReadFn>
Result<T> OneRow(Stmt& s, ReadFn read) {
  auto row = s.Next();
  if (!row) return row.error();
  if (!*row) return Error::NotFound();
  return read(s);
}


// Status of an UPDATE/DELETE by key: NotFound when no row matched.
Status ChangedOne(Stmt& s);


}  // namespace cvdhub::store::sqlite
