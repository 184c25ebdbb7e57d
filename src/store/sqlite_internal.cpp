#include "store/sqlite_internal.hpp"

#include <algorithm>
#include <charconv>

namespace cvdhub::store::sqlite {

// ---------------------------------------------------------------------------
// Errors.
// ---------------------------------------------------------------------------

// The start of a statement (a constant, never values) for log context.
std::string_view Abbrev(std::string_view sql) {
  constexpr std::size_t kMax = 80;
  return sql.size() <= kMax ? sql : sql.substr(0, kMax);
}

// Maps a failed SQLite call to the error vocabulary. The SQLite message goes
// to `internal` only; a uniqueness violation is a neutral Conflict.
Error SqliteError(sqlite3* db, int rc, std::string_view op, std::string_view context) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string internal =
      fmt::format("sqlite {} failed: {} (rc {}, {}) [{}]", op, detail, rc, sqlite3_errstr(rc), Abbrev(context));
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    Error e = Error::Conflict("already exists");
    e.internal = std::move(internal);
    return e;
  }
  return Error::Internal(std::move(internal));
}

// A stored value that does not parse: the row is corrupt.
Error Corrupt(std::string_view table, std::string_view column, std::int64_t id) {
  return Error::Internal(fmt::format("corrupt row: {}.{} of id {} holds an unknown value", table, column, id));
}

// ---------------------------------------------------------------------------
// Dates and times.
// ---------------------------------------------------------------------------

std::int64_t ToSeconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromSeconds(std::int64_t s) { return Timestamp{std::chrono::seconds{s}}; }
Timestamp Now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

// "YYYY-MM-DD"; years outside 1..9999 are refused so that the text sorts.
std::optional<std::string> FormatDate(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  if (year < 1 || year > 9999) return std::nullopt;
  return fmt::format("{:04d}-{:02d}-{:02d}", year, static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

// Parses exactly "YYYY-MM-DD" naming a real calendar date.
std::optional<std::chrono::sys_days> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    const char* first = text.data() + pos;
    const char* last = first + len;
    if (!std::all_of(first, last, [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const auto [ptr, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || ptr != last) return std::nullopt;
    return value;
  };
  const auto y = number(0, 4);
  const auto m = number(5, 2);
  const auto d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}


// The connection's cached statement for `sql` (a query constant), prepared on first use.
Result<Stmt> PrepareStatement(Connection& c, std::string_view sql) {
  if (auto it = c.statements.find(sql.data()); it != c.statements.end()) {
    return Stmt(c.db, it->second, sql);
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(c.db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &stmt, &tail);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);  // stmt is null here; finalize(null) is a no-op
    return SqliteError(c.db, rc, "prepare", sql);
  }
  const std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (stmt == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(stmt);
    return Error::Internal(fmt::format("not exactly one statement: [{}]", Abbrev(sql)));
  }
  c.statements.emplace(sql.data(), stmt);
  return Stmt(c.db, stmt, sql);
}

// Runs a statement without results.
Status Exec(Connection& c, std::string_view sql) {
  auto st = PrepareStatement(c, sql);
  if (!st) return st.error();
  return st->Run();
}

// Runs a statement returning one integer.
Result<std::int64_t> QueryInt(Connection& c, std::string_view sql) {
  auto st = PrepareStatement(c, sql);
  if (!st) return st.error();
  return st->OneInt();
}

// Rolls back the open transaction, if SQLite has not already done so. A
// failure is not reported: the pool closes a connection left in a transaction.
void RollbackQuietly(Connection& c) {
  if (sqlite3_get_autocommit(c.db) != 0) return;
  auto st = PrepareStatement(c, kRollback);
  if (st) (void)st->Run();
}

// Opens and configures one connection.

// Status of an UPDATE/DELETE by key: NotFound when no row matched.
Status ChangedOne(Stmt& s) {
  if (auto st = s.Run(); !st) return st;
  if (s.Changes() == 0) return Error::NotFound();
  return {};
}


}  // namespace cvdhub::store::sqlite
