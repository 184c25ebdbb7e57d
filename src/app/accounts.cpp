#include "app/accounts.hpp"

#include "app/security.hpp"

namespace cvdhub::app {

Status ValidateEmail(const std::string& email) {
  const auto at = email.find('@');
  if (email.empty() || email.size() > 254 || at == std::string::npos || at == 0 ||
      at + 1 >= email.size() || email.find('@', at + 1) != std::string::npos ||
      email.find_first_of(" \t\r\n<>\"(),;:\\") != std::string::npos ||
      !domain::IsValidUtf8(email)) {
    return Error::Invalid("email", "email must be an address like name@example.org");
  }
  return {};
}

Result<domain::User> Accounts::RegisterFinder(const std::string& email, const std::string& display_name,
                                              const std::string& password, domain::Language lang) {
  return AddUser(email, display_name, domain::Role::kFinder, password, lang);
}

Result<domain::User> Accounts::AddUser(const std::string& email, const std::string& display_name,
                                       domain::Role role, const std::string& password,
                                       domain::Language lang) {
  if (auto st = ValidateEmail(email); !st) return st.error();
  if (display_name.empty() || display_name.size() > domain::kMaxShortField ||
      !domain::IsValidUtf8(display_name)) {
    return Error::Invalid("display_name", "display_name is required (at most 300 bytes)");
  }
  if (auto st = CheckPasswordPolicy(password); !st) return st.error();
  auto hash = HashPassword(password);
  if (!hash) return hash.error();

  domain::User user{.email = email, .display_name = display_name, .role = role, .language = lang};
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto id = tx.InsertUser(user, *hash);
    if (!id) {
      if (id.error().code == ErrorCode::kConflict) {
        return Error{ErrorCode::kConflict, "an account with this email already exists", "email", {}};
      }
      return id.error();
    }
    user.id = *id;
    return tx.AppendEvent({.subject_type = "user", .subject_id = user.id, .actor_name = "system",
                           .at = ctx_.clock.Now(), .action = "user.created", .field = "role",
                           .to_value = std::string(domain::RoleName(role))});
  });
  if (!st) return st.error();
  return user;
}

bool Accounts::RateLimited(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  if (ctx_.clock.Now() - it->second.start > ctx_.config.login_window) {
    failures_.erase(it);
    return false;
  }
  return it->second.failures >= ctx_.config.login_attempts_per_window;
}

void Accounts::RecordFailure(const std::string& key) {
  std::lock_guard lock(mu_);
  const auto now = ctx_.clock.Now();
  // Bounded memory under a flood of made-up addresses: drop expired windows.
  if (failures_.size() > 10'000) {
    std::erase_if(failures_, [&](const auto& kv) { return now - kv.second.start > ctx_.config.login_window; });
  }
  auto& w = failures_[key];
  if (w.failures == 0 || now - w.start > ctx_.config.login_window) w = {now, 0};
  ++w.failures;
}

Result<LoginResult> Accounts::Login(const std::string& email, const std::string& password,
                                    const std::string& client_address) {
  // The store matches addresses case-insensitively (COLLATE NOCASE, ASCII),
  // so the limiter must too, or "Alice@x" and "alice@x" get separate budgets.
  std::string email_key = "email:" + email;
  for (char& c : email_key) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string client_key = "client:" + client_address;
  if (RateLimited(email_key) || RateLimited(client_key)) {
    return Error{ErrorCode::kRateLimited, "too many failed log-ins; try again later", {}, {}};
  }
  store::StoredUser found;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto u = tx.FindUserByEmail(email);
    if (!u) return u.error();
    found = std::move(*u);
    return {};
  });
  // Verify even for unknown addresses and disabled accounts, so that the time
  // taken does not tell them apart from a wrong password; the message is the same.
  static const std::string kDummyHash = [] {
    auto h = HashPassword(RandomToken());
    return h.ok() ? std::move(h).value() : std::string();
  }();
  const bool verified = VerifyPassword(st ? found.password_hash : kDummyHash, password);
  if (!st || found.user.disabled || !verified) {
    RecordFailure(email_key);
    RecordFailure(client_key);
    return Error::Unauthenticated("wrong email or password");
  }
  LoginResult result{.user = found.user, .session_token = RandomToken(), .csrf_token = RandomToken()};
  const auto now = ctx_.clock.Now();
  auto wst = ctx_.store.Write([&](store::Tx& tx) {
    return tx.InsertSession({.token_hash = Sha256Hex(result.session_token),
                             .user_id = found.user.id,
                             .csrf_token = result.csrf_token,
                             .created_at = now,
                             .expires_at = now + ctx_.config.session_ttl});
  });
  if (!wst) return wst.error();
  return result;
}

Result<Principal> Accounts::FromSession(const std::string& session_token) {
  if (session_token.empty()) return Error::Unauthenticated();
  Principal p;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto s = tx.FindSession(Sha256Hex(session_token));
    if (!s || s->expires_at <= ctx_.clock.Now()) return Error::Unauthenticated("session expired");
    auto u = tx.FindUser(s->user_id);
    if (!u || u->user.disabled) return Error::Unauthenticated();
    p = {.user = std::move(u->user), .csrf_token = s->csrf_token, .via_session = true};
    return {};
  });
  if (!st) return Error::Unauthenticated(st.error().code == ErrorCode::kUnauthenticated
                                             ? st.error().message
                                             : "authentication required");
  return p;
}

Result<Principal> Accounts::FromApiToken(const std::string& token) {
  if (token.empty()) return Error::Unauthenticated();
  const std::string hash = Sha256Hex(token);
  const std::uint64_t generation = ctx_.store.Generation();
  if (auto hit = tokens_.Get(hash); hit && hit->generation == generation) {
    return Principal{.user = hit->user};
  }
  Principal p;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto uid = tx.FindApiTokenUser(hash);
    if (!uid) return Error::Unauthenticated("invalid API token");
    auto u = tx.FindUser(*uid);
    if (!u || u->user.disabled) return Error::Unauthenticated("invalid API token");
    p.user = std::move(u->user);
    return {};
  });
  if (!st) return Error::Unauthenticated("invalid API token");
  tokens_.Put(hash, std::make_shared<const CachedToken>(CachedToken{.generation = generation, .user = p.user}));
  return p;
}

Status Accounts::Logout(const std::string& session_token) {
  return ctx_.store.Write([&](store::Tx& tx) { return tx.DeleteSession(Sha256Hex(session_token)); });
}

Result<std::string> Accounts::IssueApiToken(const Actor& actor, const std::string& name) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  if (name.empty() || name.size() > 100) return Error::Invalid("name", "token name must be 1 to 100 bytes");
  std::string token = "cvd_" + RandomToken();
  auto st = ctx_.store.Write([&](store::Tx& tx) {
    return tx.InsertApiToken(actor.id(), name, Sha256Hex(token), ctx_.clock.Now());
  });
  if (!st) return st.error();
  return token;
}

}  // namespace cvdhub::app
