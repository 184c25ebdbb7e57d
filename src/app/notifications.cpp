#include "app/notifications.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/security.hpp"
#include "mail/charset.hpp"
#include "mail/mime.hpp"
#include "mail/openpgp.hpp"

namespace cvdhub::app {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxBody = 1 << 20;
constexpr std::size_t kMaxKey = 1 << 20;
constexpr std::size_t kMaxThreadRefs = 10;
constexpr const char* kSecretFile = "coordinator-secret.asc";
constexpr const char* kPublicFile = "coordinator-public.asc";

// Appends `item` to `list`, after `separator` unless `list` is empty.
void Join(std::string& list, std::string_view separator, std::string_view item) {
  if (!list.empty()) list.append(separator);
  list.append(item);
}

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

Status CheckText(const char* field, std::string_view value, std::size_t max) {
  if (value.size() > max || !domain::IsValidUtf8(value)) {
    return Error::Invalid(field, std::string(field) + " must be valid UTF-8 text of at most " + std::to_string(max) +
                                     " bytes");
  }
  return {};
}

std::vector<std::string> SplitSpaces(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string word;
  while (in >> word) out.push_back(word);
  return out;
}

Result<std::string> ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return Error::NotFound("no coordinator key");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Writes `data` to `path` atomically (temp file + rename), mode 0600.
Status WriteFileAtomic(const fs::path& path, const std::string& data) {
  const fs::path tmp = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Error::Internal("cannot write " + tmp.string());
    out << data;
    if (!out.flush()) return Error::Internal("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Error::Internal("cannot rename " + tmp.string() + ": " + ec.message());
  return {};
}

Result<CoordinatorKey> ReadKeyFiles(const fs::path& dir) {
  auto secret = ReadFile(dir / kSecretFile);
  if (!secret) return secret.error();
  auto pub = mail::PublicKeyOf(*secret);
  if (!pub) return Error::Internal("the coordinator key in " + dir.string() + " does not parse: " + pub.error().message);
  auto info = mail::InspectPublicKey(*pub);
  if (!info) return Error::Internal("the coordinator key in " + dir.string() + " is unusable: " + info.error().message);
  return CoordinatorKey{.secret_armored = std::move(*secret), .public_armored = std::move(*pub),
                        .fingerprint = info->fingerprint};
}

Status StoreRecipientKey(store::Tx& tx, const std::string& email, const std::string& armored_public_key,
                         Timestamp now) {
  if (!mail::IsValidAddress(email)) return Error::Invalid("email", "not a valid e-mail address");
  if (armored_public_key.size() > kMaxKey) return Error::Invalid("key", "the key is larger than 1 MiB");
  auto info = mail::InspectPublicKey(armored_public_key);
  if (!info) return info.error();
  std::string uids;
  for (const auto& u : info->user_ids) Join(uids, "\n", mail::SanitizeUtf8(u));
  return tx.mail().UpsertRecipientKey({.email = email, .fingerprint = info->fingerprint, .user_ids = uids,
                                       .armored = armored_public_key, .updated_at = now});
}

std::string UserIdFor(const Config& config) {
  return config.mail.from_name + " <" + config.mail.from_address + ">";
}

}  // namespace

Status Notify(store::Tx& tx, const Context& ctx, const Notification& n) {
  if (n.kind.empty() || n.kind.size() > 100 || !IsPrintableAscii(n.kind)) {
    return Error::Invalid("kind", "kind must be a short ASCII name such as report.acknowledged");
  }
  if (!mail::IsValidAddress(n.to_email)) return Error::Invalid("to_email", "not a valid e-mail address");
  if (n.reference.empty() || n.reference.size() > 200 || !IsPrintableAscii(n.reference) ||
      n.reference.find(':') == std::string::npos) {
    return Error::Invalid("reference", "reference must look like report:12 or case:3:vendor:7");
  }
  if (n.identifier.size() > 64 || !IsPrintableAscii(n.identifier.empty() ? "x" : n.identifier)) {
    return Error::Invalid("identifier", "identifier must be printable ASCII of at most 64 characters");
  }
  if (auto st = CheckText("to_name", n.to_name, domain::kMaxShortField); !st) return st;
  if (auto st = CheckText("subject", n.subject, domain::kMaxShortField); !st) return st;
  if (auto st = CheckText("body", n.body, kMaxBody); !st) return st;
  if (n.to_name.find_first_of("\r\n") != std::string::npos || n.subject.find_first_of("\r\n") != std::string::npos) {
    return Error::Invalid("subject", "the subject and the recipient's name must be one line");
  }

  const auto now = ctx.clock.Now();
  std::string domain = mail::DomainOf(ctx.config.mail.from_address);
  if (domain.empty()) domain = "cvdhub.invalid";
  store::OutboxMessage m;
  m.message_id = "<cvdhub." + RandomToken(18) + "@" + domain + ">";
  m.kind = n.kind;
  m.reference = n.reference;
  m.identifier = n.identifier;
  m.to_email = n.to_email;
  m.to_name = n.to_name;
  m.language = n.language;
  m.subject = n.identifier.empty() ? n.subject : "[" + n.identifier + "] " + n.subject;
  m.body = n.body;
  const auto footer = ctx.catalog.Get(n.language, "mail.footer");
  if (!footer.empty()) m.body += "\n\n-- \n" + std::string(footer);
  m.confidential = n.confidential;
  m.status = store::OutboxStatus::kQueued;
  m.next_attempt_at = now;
  m.created_at = now;

  // Threading: answer the newest message of the same thread (RFC 5322 §3.6.4).
  auto last = tx.mail().LastInThread(n.reference, n.to_email);
  if (last) {
    m.in_reply_to = last->message_id;
    auto refs = SplitSpaces(last->thread_refs);
    refs.push_back(last->message_id);
    if (refs.size() > kMaxThreadRefs) {
      // Keep the thread's root and the newest ones.
      refs.erase(refs.begin() + 1, refs.end() - static_cast<std::ptrdiff_t>(kMaxThreadRefs - 1));
    }
    for (const auto& r : refs) Join(m.thread_refs, " ", r);
  } else if (last.error().code != ErrorCode::kNotFound) {
    return last.error();
  }
  auto id = tx.mail().InsertOutbox(m);
  if (!id) return id.error();
  return {};
}

Status SetRecipientKey(store::Tx& tx, const Context& ctx, const std::string& email,
                       const std::string& armored_public_key) {
  return StoreRecipientKey(tx, email, armored_public_key, ctx.clock.Now());
}

Status SetRecipientKey(store::Tx& tx, const std::string& email, const std::string& armored_public_key) {
  return StoreRecipientKey(tx, email, armored_public_key, SystemClock().Now());
}

Result<std::vector<DeliveryRecord>> DeliveriesFor(store::Tx& tx, const std::string& reference) {
  auto rows = tx.mail().ListOutbox({.reference_prefix = reference});
  if (!rows) return rows.error();
  std::vector<DeliveryRecord> out;
  out.reserve(rows->size());
  for (const auto& m : *rows) {
    DeliveryRecord r{.id = m.id, .message_id = m.message_id, .kind = m.kind, .reference = m.reference, .to_email = m.to_email,
                     .subject = m.subject, .status = std::string(store::OutboxStatusName(m.status)),
                     .attempts = m.attempts, .encrypted = m.encrypted, .signed_ = m.signed_,
                     .confidential = m.confidential,
                     .last_error = m.status == store::OutboxStatus::kBounced ? m.bounce_detail : m.last_error,
                     .created_at = m.created_at, .sent_at = m.sent_at, .failed_at = m.failed_at};
    if (m.status == store::OutboxStatus::kQueued) r.next_attempt_at = m.next_attempt_at;
    out.push_back(std::move(r));
  }
  return out;
}

Result<bool> AddressIsBouncing(store::Tx& tx, const std::string& email) {
  auto rows = tx.mail().ListOutbox({.to_email = email, .limit = 20});
  if (!rows) return rows.error();
  for (const auto& m : *rows) {  // newest first: the newest settled message decides
    if (m.status == store::OutboxStatus::kQueued) continue;
    return m.status == store::OutboxStatus::kFailed || m.status == store::OutboxStatus::kBounced;
  }
  return false;
}

Result<CoordinatorKey> LoadCoordinatorKey(const Config& config, bool create) {
  if (config.mail.key_dir.empty()) return Error::NotFound("no key directory configured");
  const fs::path dir(config.mail.key_dir);
  auto existing = ReadKeyFiles(dir);
  if (existing || existing.error().code != ErrorCode::kNotFound || !create) return existing;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::Internal("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  auto pair = mail::GenerateKeyPair(UserIdFor(config));
  if (!pair) return pair.error();
  // Publish with link(): it fails if another process made a key first, and then that key wins.
  const fs::path tmp = dir / ("new-secret.asc.tmp" + std::to_string(::getpid()));
  if (auto st = WriteFileAtomic(tmp, pair->secret_armored); !st) return st.error();
  const int rc = ::link(tmp.c_str(), (dir / kSecretFile).c_str());
  fs::remove(tmp, ec);
  if (rc != 0 && errno != EEXIST) return Error::Internal("cannot store the coordinator key in " + dir.string());
  auto loaded = ReadKeyFiles(dir);
  if (!loaded) return loaded.error();
  (void)WriteFileAtomic(dir / kPublicFile, loaded->public_armored);  // for people; we derive it from the secret key
  return loaded;
}

Result<CoordinatorKey> ImportCoordinatorKey(const Config& config, const std::string& secret_armored) {
  if (config.mail.key_dir.empty()) return Error::Invalid("data", "no key directory configured");
  auto pub = mail::PublicKeyOf(secret_armored);
  if (!pub) return Error::Invalid("key", "not an OpenPGP secret key");
  auto info = mail::InspectPublicKey(*pub);
  if (!info) return info.error();
  const fs::path dir(config.mail.key_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::Internal("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  if (auto st = WriteFileAtomic(dir / kSecretFile, secret_armored); !st) return st.error();
  (void)WriteFileAtomic(dir / kPublicFile, *pub);
  return ReadKeyFiles(dir);
}

}  // namespace cvdhub::app
