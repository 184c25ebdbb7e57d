// Accounts: self-registration of finders, staff accounts, log-in with rate
// limiting, sessions (cookie) and API tokens (bearer).
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

struct LoginResult {
  domain::User user;
  std::string session_token;  // goes into the cookie; only its hash is stored
  std::string csrf_token;
};

// An authenticated caller with the CSRF token of its session (empty for API tokens).
struct Principal {
  domain::User user;
  std::string csrf_token;
  bool via_session = false;
};

class Accounts {
 public:
  explicit Accounts(Context& ctx) : ctx_(ctx) {}

  // A finder registers with e-mail and password. Invalid for a bad address or
  // weak password; Conflict when the address is taken.
  Result<domain::User> RegisterFinder(const std::string& email, const std::string& display_name,
                                      const std::string& password, domain::Language lang);
  // Any role; used by `cvdhub user add` and the demo data.
  Result<domain::User> AddUser(const std::string& email, const std::string& display_name,
                               domain::Role role, const std::string& password, domain::Language lang);
  // Unauthenticated for a wrong address or password (the same message for
  // both); RateLimited after too many failures for the address or the client.
  Result<LoginResult> Login(const std::string& email, const std::string& password,
                            const std::string& client_address);
  Result<Principal> FromSession(const std::string& session_token);
  Result<Principal> FromApiToken(const std::string& token);
  Status Logout(const std::string& session_token);
  // A new API token for the actor itself; the token is shown once.
  Result<std::string> IssueApiToken(const Actor& actor, const std::string& name);

 private:
  bool RateLimited(const std::string& key);
  void RecordFailure(const std::string& key);

  Context& ctx_;
  std::mutex mu_;
  struct Window {
    Timestamp start{};
    int failures = 0;
  };
  std::map<std::string, Window> failures_;  // guarded by mu_
  // API token → user, valid while the store's generation has not moved (any
  // write — a disabled account, a new token — makes it look again).
  struct CachedToken {
    std::uint64_t generation = 0;
    domain::User user;
  };
  util::LruCache<CachedToken> tokens_{4096};
};

// Checks an e-mail address's shape (one '@', no spaces, at most 254 bytes).
Status ValidateEmail(const std::string& email);

}  // namespace cvdhub::app
