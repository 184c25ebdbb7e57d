// The SQLite implementation of store::Store (the embedded default).
//
// One database file in WAL mode, shared by a small pool of connections so
// that several server threads read concurrently; writers are serialised in
// process (and by SQLite's write lock across processes, e.g. the CLI).
#pragma once

#include <atomic>

#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "store/store.hpp"

namespace cvdhub::store {

// One numbered schema migration, e.g. "schema/sqlite/001_init.sql" is version 1.
// The SQL may hold several statements but no BEGIN/COMMIT of its own.
struct Migration {
  int version = 0;
  std::string_view path;
  std::string_view sql;
};

// The migrations compiled into the binary (schema/sqlite/NNN_*.sql), in
// ascending version order. Internal when two files share a number or one is 000.
Result<std::vector<Migration>> SqliteMigrations();

// Store over one SQLite file. Thread-safe. A Tx is valid only inside the
// callback it was passed to. Write may not be nested on one thread (it
// returns Internal); Read may be called inside Write and sees only committed data.
class SqliteStore final : public Store {
 public:
  // Opens (creating the file, not its directory, if absent) and migrates.
  // The same as OpenSqliteStore, but returns the concrete type.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Runs `fn` on a connection opened with PRAGMA query_only=ON: any write
  // method called inside fails with Internal.
  Status Read(const TxFn& fn) override;
  // BEGIN IMMEDIATE … COMMIT, or ROLLBACK if `fn` fails or throws.
  Status Write(const TxFn& fn) override;
  Status WriteUnversioned(const TxFn& fn) override;
  // Applies the embedded migrations (see ApplyMigrations).
  Result<int> Migrate() override;
  Result<int> SchemaVersion() override;
  bool Healthy() override;
  // Moves with every versioned write: this process's at once, other
  // processes' (the CLI's) within a few milliseconds.
  std::uint64_t Generation() const override;

  // Applies each migration whose version is above the stored one, each in its
  // own transaction together with its schema_migrations row. Internal, with
  // nothing of the failing migration applied, if one fails; also Internal if
  // the store is already newer than the newest migration given.
  Result<int> ApplyMigrations(std::span<const Migration> migrations);

  // Connections idle in the pool (for tests and metrics).
  std::size_t IdleConnections() const;

 private:
  struct Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  std::mutex write_mu_;  // one writer at a time in this process
  mutable std::atomic<std::uint64_t> failures_{0};  // generation reads that failed
  std::atomic<std::uint64_t> local_writes_{0};      // versioned writes of this process

  Status WriteImpl(const TxFn& fn, bool bump_generation);
};

}  // namespace cvdhub::store
