// A clock for black-box tests only: the time is read from a file, so that a
// test can move a running server through months (grace periods, deadlines).
// Enabled solely by `cvdhub serve --test-clock-file FILE`; never by default.
#pragma once

#include <mutex>
#include <string>

#include "app/context.hpp"

namespace cvdhub::app {

// Reads `path` on every Now(): one line "YYYY-MM-DDTHH:MM:SSZ" (UTC). The
// time stands still until the file changes. A file that cannot be read or
// parsed later keeps the last good time (and says so once on stderr).
class FileClock final : public Clock {
 public:
  // Fails with Invalid when the file is missing or does not hold a time.
  static Result<std::unique_ptr<FileClock>> Open(const std::string& path);
  Timestamp Now() const override;

 private:
  FileClock(std::string path, Timestamp first) : path_(std::move(path)), last_(first) {}
  std::string path_;
  mutable std::mutex mu_;
  mutable Timestamp last_;           // guarded by mu_
  mutable bool complained_ = false;  // guarded by mu_
};

// Parses exactly "YYYY-MM-DDTHH:MM:SSZ" (surrounding whitespace allowed).
std::optional<Timestamp> ParseUtcInstant(std::string_view text);

}  // namespace cvdhub::app
