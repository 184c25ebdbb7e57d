// SQLite implementation of MailTx.
#pragma once

#include "store/mail_store.hpp"
#include "store/sqlite_internal.hpp"

namespace cvdhub::store::sqlite {

class SqliteMailTx final : public MailTx {
 public:
  explicit SqliteMailTx(Connection& c) : c_(c) {}

 private:
  [[maybe_unused]] Connection& c_;
};

}  // namespace cvdhub::store::sqlite
