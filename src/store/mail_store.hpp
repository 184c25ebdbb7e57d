// The mail component's part of a store transaction: the durable outbox,
// recipient keys, and inbound mail bookkeeping (issue "Mail").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/report.hpp"
#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::store {

// queued → sent | failed; sent → bounced (a delivery status notification came back).
enum class OutboxStatus { kQueued, kSent, kFailed, kBounced };
std::string_view OutboxStatusName(OutboxStatus status);  // "queued", "sent", "failed", "bounced"
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name);

// One message to one recipient.
struct OutboxMessage {
  std::int64_t id = 0;
  std::string message_id;  // "<…@domain>"
  std::string kind;
  std::string reference;
  std::string identifier;
  std::string to_email;
  std::string to_name;
  domain::Language language = domain::Language::kJa;
  std::string subject;  // as sent, with the identifier
  std::string body;
  bool confidential = false;
  std::string in_reply_to;
  std::string thread_refs;  // space-separated message ids
  OutboxStatus status = OutboxStatus::kQueued;
  bool encrypted = false;
  bool signed_ = false;
  std::optional<std::string> raw;  // fixed at the first attempt, reused by retries
  int attempts = 0;
  domain::Timestamp next_attempt_at{};
  std::string lease_owner;
  std::optional<domain::Timestamp> lease_until;
  std::string last_error;
  domain::Timestamp created_at{};
  std::optional<domain::Timestamp> sent_at;
  std::optional<domain::Timestamp> failed_at;
  std::string bounce_detail;
};

struct OutboxFilter {
  std::string reference_prefix;  // "report:12" matches "report:12" only; "case:3" matches "case:3" and "case:3:…"
  std::string to_email;          // empty: any
  std::optional<OutboxStatus> status;
  int limit = 500;
};

struct RecipientKey {
  std::string email;
  std::string fingerprint;
  std::string user_ids;  // newline-separated
  std::string armored;
  domain::Timestamp updated_at{};
};

// Where an inbound message went.
enum class InboundDisposition { kReport, kReportReply, kCaseReply, kBounce, kQuarantined, kDismissed };
std::string_view InboundDispositionName(InboundDisposition d);
std::optional<InboundDisposition> ParseInboundDisposition(std::string_view name);

struct InboundMessage {
  std::int64_t id = 0;
  std::string raw_sha256;
  std::string message_id;
  domain::Timestamp received_at{};
  std::string from_email;
  std::string from_name;
  std::string subject;
  std::string body;
  InboundDisposition disposition = InboundDisposition::kQuarantined;
  std::string reference;
  std::string reason;
  std::string detail;
  bool encrypted = false;
  std::string signature = "none";
  std::string signer;
  std::string signature_detail;
  std::string needs_review;  // comma-separated field names
  std::int64_t raw_size = 0;  // filled by reads; raw itself is read with ReadInboundRaw
  domain::UserId handled_by = 0;
  std::optional<domain::Timestamp> handled_at;
};

struct InboundFilter {
  std::optional<InboundDisposition> disposition;
  std::string reference_prefix;  // as in OutboxFilter
  int limit = 500;
};

struct InboundAttachment {
  std::int64_t id = 0;
  std::int64_t inbound_id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
};

class MailTx {
 public:
  virtual ~MailTx() = default;

  // The outbox. Insert returns the row id; Conflict when the message id exists.
  virtual Result<std::int64_t> InsertOutbox(const OutboxMessage& m) = 0;
  virtual Result<OutboxMessage> FindOutbox(std::int64_t id) = 0;
  virtual Result<OutboxMessage> FindOutboxByMessageId(const std::string& message_id) = 0;
  // The newest message of a thread (same reference and recipient); NotFound if none.
  virtual Result<OutboxMessage> LastInThread(const std::string& reference, const std::string& to_email) = 0;
  // Leases the queued message that is due longest (next_attempt_at <= now and
  // no live lease) to `owner` until `lease_until`; NotFound when none is due.
  virtual Result<OutboxMessage> ClaimDueOutbox(domain::Timestamp now, const std::string& owner,
                                               domain::Timestamp lease_until) = 0;
  // Writes the delivery columns (status, raw, encrypted, signed, attempts,
  // next_attempt_at, lease, last_error, sent_at, failed_at, bounce_detail).
  // NotFound unless the row is still leased to `owner` (empty: any lease).
  virtual Status UpdateOutboxDelivery(const OutboxMessage& m, const std::string& owner) = 0;
  // Newest first, without raw.
  virtual Result<std::vector<OutboxMessage>> ListOutbox(const OutboxFilter& filter) = 0;
  // Counts per status, for the status page.
  virtual Result<std::vector<std::pair<OutboxStatus, std::int64_t>>> CountOutbox() = 0;

  // Recipients' OpenPGP keys, by e-mail address (case-insensitive).
  virtual Status UpsertRecipientKey(const RecipientKey& key) = 0;
  virtual Result<RecipientKey> FindRecipientKey(const std::string& email) = 0;
  virtual Result<std::vector<RecipientKey>> ListRecipientKeys() = 0;

  // Inbound mail. Insert returns Conflict when the same bytes were stored before.
  virtual Result<std::int64_t> InsertInbound(const InboundMessage& m, std::string_view raw) = 0;
  virtual Result<InboundMessage> FindInbound(std::int64_t id) = 0;
  virtual Result<InboundMessage> FindInboundBySha256(const std::string& raw_sha256) = 0;
  // Messages with this Message-ID (several senders may reuse one), oldest first.
  virtual Result<std::vector<InboundMessage>> FindInboundByMessageId(const std::string& message_id) = 0;
  // Newest first.
  virtual Result<std::vector<InboundMessage>> ListInbound(const InboundFilter& filter) = 0;
  // Changes where a message went (release or dismissal of a quarantined one).
  virtual Status UpdateInboundDisposition(std::int64_t id, InboundDisposition disposition,
                                          const std::string& reference, domain::UserId handled_by,
                                          domain::Timestamp handled_at) = 0;
  virtual Result<std::string> ReadInboundRaw(std::int64_t id) = 0;
  virtual Result<std::int64_t> InsertInboundAttachment(const InboundAttachment& meta, std::string_view bytes) = 0;
  virtual Result<std::vector<InboundAttachment>> ListInboundAttachments(std::int64_t inbound_id) = 0;
  virtual Result<InboundAttachment> FindInboundAttachment(std::int64_t id) = 0;
  virtual Result<std::string> ReadInboundAttachmentBytes(std::int64_t id) = 0;
};

}  // namespace cvdhub::store
