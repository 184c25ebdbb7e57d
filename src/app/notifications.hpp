// Notifications: every notice, reminder and reply of the process can travel
// as mail. Notify queues a message in the durable outbox inside the caller's
// transaction; the delivery worker (app/mail_delivery.hpp) sends it, encrypted
// to the recipient's OpenPGP key when one is registered.
#pragma once

#include <string>
#include <vector>

#include "app/context.hpp"
#include "domain/roles.hpp"

namespace cvdhub::app {

struct Notification {
  std::string kind;          // e.g. "report.acknowledged", "case.overview_notice", "case.details_released", "case.date_proposed"
  std::string to_email;
  std::string to_name;
  domain::Language language = domain::Language::kJa;
  std::string subject;       // localised, without the identifier (Notify adds "[JVN#12345678]" or "[IN-2026-00001]")
  std::string body;          // localised plain text
  std::string reference;     // what it is about: "report:12", "case:3", "case:3:vendor:7" — used for threading and for matching replies
  std::string identifier;    // "IN-2026-00001" or "JVN#12345678"
  bool confidential = false; // case details: must never go unencrypted to a recipient with a registered key
};

// Queues `n` for delivery in the same transaction `tx` as the change that caused it.
// Invalid when the address, kind, reference or texts are malformed. The
// message gets a Message-ID and the thread headers of earlier mail with the
// same reference to the same recipient; the subject gets "[identifier] ".
Status Notify(store::Tx& tx, const Context& ctx, const Notification& n);

// Registers (or replaces) the OpenPGP public key of a recipient address; Invalid if the key does not parse (RNP).
Status SetRecipientKey(store::Tx& tx, const std::string& email, const std::string& armored_public_key);
// The same, with the time of the change taken from `ctx.clock`.
Status SetRecipientKey(store::Tx& tx, const Context& ctx, const std::string& email,
                       const std::string& armored_public_key);

// The delivery state of one outbox message, as shown per recipient.
struct DeliveryRecord {
  std::int64_t id = 0;
  std::string message_id;  // replies refer to it
  std::string kind;
  std::string reference;
  std::string to_email;
  std::string subject;
  std::string status;      // queued, sent, failed, bounced
  int attempts = 0;
  bool encrypted = false;
  bool signed_ = false;
  bool confidential = false;
  std::string last_error;  // the SMTP server's answer, or why it bounced
  Timestamp created_at{};
  std::optional<Timestamp> sent_at;
  std::optional<Timestamp> failed_at;
  std::optional<Timestamp> next_attempt_at;  // while queued
};

// Every message about `reference` and its sub-references ("case:3" also
// lists "case:3:vendor:7"), newest first. For the unreachable-developer
// rules, a record with status "failed" or "bounced" is a failed contact
// attempt by mail.
Result<std::vector<DeliveryRecord>> DeliveriesFor(store::Tx& tx, const std::string& reference);

// True when the newest message to `email` failed for good or bounced: the
// address is flagged until a later message is delivered.
Result<bool> AddressIsBouncing(store::Tx& tx, const std::string& email);

// The coordinator's own OpenPGP keypair, kept in Config::mail.key_dir.
struct CoordinatorKey {
  std::string secret_armored;
  std::string public_armored;
  std::string fingerprint;
};
// Loads the keypair; when there is none and `create`, generates one with RNP
// (once, even when several processes race). NotFound without a key dir, or
// without a key when `create` is false.
Result<CoordinatorKey> LoadCoordinatorKey(const Config& config, bool create);
// Replaces the keypair with an existing secret key (e.g. the team's key).
Result<CoordinatorKey> ImportCoordinatorKey(const Config& config, const std::string& secret_armored);

}  // namespace cvdhub::app
