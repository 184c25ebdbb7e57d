#include "store/sqlite_mail.hpp"

namespace cvdhub::store::sqlite {
namespace {

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

// The outbox column list shared by every SELECT; ReadOutbox reads it by
// position. raw is column 16 (NULL in lists, which select NULL instead).
#define CVDHUB_OUTBOX_COLUMNS(raw)                                                                   \
  "id, message_id, kind, reference, identifier, to_email, to_name, language, subject, body,"       \
  " confidential, in_reply_to, thread_refs, status, encrypted, signed, " raw ", attempts,"         \
  " next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at, failed_at,"        \
  " bounce_detail"

// A reference filter: empty, the reference itself, or one of its sub-references.
#define CVDHUB_REFERENCE_MATCHES(param) \
  "(" param " = '' OR reference = " param " OR substr(reference, 1, length(" param ") + 1) = " param " || ':')"

constexpr std::string_view kInsertOutbox =
    "INSERT INTO mail_outbox (message_id, kind, reference, identifier, to_email, to_name, language,"
    " subject, body, confidential, in_reply_to, thread_refs, status, next_attempt_at, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id";
constexpr std::string_view kFindOutbox =
    "SELECT " CVDHUB_OUTBOX_COLUMNS("raw") " FROM mail_outbox WHERE id = ?1";
constexpr std::string_view kFindOutboxByMessageId =
    "SELECT " CVDHUB_OUTBOX_COLUMNS("raw") " FROM mail_outbox WHERE message_id = ?1";
constexpr std::string_view kLastInThread =
    "SELECT " CVDHUB_OUTBOX_COLUMNS("NULL") " FROM mail_outbox WHERE reference = ?1 AND to_email = ?2"
    " ORDER BY id DESC LIMIT 1";
// ?1 now, ?2 owner, ?3 lease until.
constexpr std::string_view kClaimDueOutbox =
    "UPDATE mail_outbox SET lease_owner = ?2, lease_until = ?3"
    " WHERE id = (SELECT id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= ?1"
    " AND (lease_until IS NULL OR lease_until <= ?1) ORDER BY next_attempt_at, id LIMIT 1)"
    " RETURNING id";
// ?12 owner: the row must still be leased to it ('' for any).
constexpr std::string_view kUpdateOutboxDelivery =
    "UPDATE mail_outbox SET status = ?2, raw = ?3, encrypted = ?4, signed = ?5, attempts = ?6,"
    " next_attempt_at = ?7, lease_owner = ?8, lease_until = ?9, last_error = ?10, sent_at = ?11,"
    " failed_at = ?13, bounce_detail = ?14"
    " WHERE id = ?1 AND (?12 = '' OR lease_owner = ?12)";
// ?1 reference prefix, ?2 recipient ('' any), ?3 status (NULL any), ?4 limit.
constexpr std::string_view kListOutbox =
    "SELECT " CVDHUB_OUTBOX_COLUMNS("NULL") " FROM mail_outbox WHERE " CVDHUB_REFERENCE_MATCHES("?1")
    " AND (?2 = '' OR to_email = ?2) AND (?3 IS NULL OR status = ?3) ORDER BY id DESC LIMIT ?4";
constexpr std::string_view kCountOutbox = "SELECT status, count(*) FROM mail_outbox GROUP BY status ORDER BY status";

constexpr std::string_view kUpsertRecipientKey =
    "INSERT INTO mail_recipient_keys (email, fingerprint, user_ids, armored, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (email) DO UPDATE SET fingerprint = excluded.fingerprint,"
    " user_ids = excluded.user_ids, armored = excluded.armored, updated_at = excluded.updated_at";
constexpr std::string_view kFindRecipientKey =
    "SELECT email, fingerprint, user_ids, armored, updated_at FROM mail_recipient_keys WHERE email = ?1";
constexpr std::string_view kListRecipientKeys =
    "SELECT email, fingerprint, user_ids, armored, updated_at FROM mail_recipient_keys ORDER BY email";

#define CVDHUB_INBOUND_COLUMNS                                                                      \
  "id, raw_sha256, message_id, received_at, from_email, from_name, subject, body, disposition,"    \
  " reference, reason, detail, encrypted, signature, signer, signature_detail, needs_review,"      \
  " length(raw), handled_by, handled_at"

constexpr std::string_view kInsertInbound =
    "INSERT INTO mail_inbound (raw_sha256, message_id, received_at, from_email, from_name, subject, body,"
    " disposition, reference, reason, detail, encrypted, signature, signer, signature_detail, needs_review,"
    " raw) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id";
constexpr std::string_view kFindInbound = "SELECT " CVDHUB_INBOUND_COLUMNS " FROM mail_inbound WHERE id = ?1";
constexpr std::string_view kFindInboundBySha256 =
    "SELECT " CVDHUB_INBOUND_COLUMNS " FROM mail_inbound WHERE raw_sha256 = ?1";
constexpr std::string_view kFindInboundByMessageId =
    "SELECT " CVDHUB_INBOUND_COLUMNS " FROM mail_inbound WHERE message_id = ?1 ORDER BY id";
// ?1 disposition (NULL any), ?2 reference prefix, ?3 limit.
constexpr std::string_view kListInbound =
    "SELECT " CVDHUB_INBOUND_COLUMNS " FROM mail_inbound WHERE (?1 IS NULL OR disposition = ?1)"
    " AND " CVDHUB_REFERENCE_MATCHES("?2") " ORDER BY id DESC LIMIT ?3";
constexpr std::string_view kUpdateInboundDisposition =
    "UPDATE mail_inbound SET disposition = ?2, reference = ?3, handled_by = ?4, handled_at = ?5 WHERE id = ?1";
constexpr std::string_view kReadInboundRaw = "SELECT raw FROM mail_inbound WHERE id = ?1";
constexpr std::string_view kInsertInboundAttachment =
    "INSERT INTO mail_inbound_attachments (inbound_id, filename, content_type, size, sha256, bytes)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
constexpr std::string_view kListInboundAttachments =
    "SELECT id, inbound_id, filename, content_type, size, sha256 FROM mail_inbound_attachments"
    " WHERE inbound_id = ?1 ORDER BY id";
constexpr std::string_view kFindInboundAttachment =
    "SELECT id, inbound_id, filename, content_type, size, sha256 FROM mail_inbound_attachments WHERE id = ?1";
constexpr std::string_view kReadInboundAttachmentBytes =
    "SELECT bytes FROM mail_inbound_attachments WHERE id = ?1";

#undef CVDHUB_OUTBOX_COLUMNS
#undef CVDHUB_REFERENCE_MATCHES
#undef CVDHUB_INBOUND_COLUMNS

// ---------------------------------------------------------------------------
// Row mapping.
// ---------------------------------------------------------------------------

Result<OutboxMessage> ReadOutbox(const Stmt& s) {
  OutboxMessage m;
  m.id = s.Int(0);
  m.message_id = s.Text(1);
  m.kind = s.Text(2);
  m.reference = s.Text(3);
  m.identifier = s.Text(4);
  m.to_email = s.Text(5);
  m.to_name = s.Text(6);
  const auto language = domain::ParseLanguage(s.Text(7));
  if (!language) return Corrupt("mail_outbox", "language", m.id);
  m.language = *language;
  m.subject = s.Text(8);
  m.body = s.Text(9);
  m.confidential = s.Bool(10);
  m.in_reply_to = s.Text(11);
  m.thread_refs = s.Text(12);
  const auto status = ParseOutboxStatus(s.Text(13));
  if (!status) return Corrupt("mail_outbox", "status", m.id);
  m.status = *status;
  m.encrypted = s.Bool(14);
  m.signed_ = s.Bool(15);
  if (!s.IsNull(16)) m.raw = s.Blob(16);
  m.attempts = static_cast<int>(s.Int(17));
  m.next_attempt_at = s.Time(18);
  m.lease_owner = s.Text(19);
  m.lease_until = s.OptTime(20);
  m.last_error = s.Text(21);
  m.created_at = s.Time(22);
  m.sent_at = s.OptTime(23);
  m.failed_at = s.OptTime(24);
  m.bounce_detail = s.Text(25);
  return m;
}

RecipientKey ReadRecipientKey(const Stmt& s) {
  return {.email = s.Text(0), .fingerprint = s.Text(1), .user_ids = s.Text(2), .armored = s.Text(3),
          .updated_at = s.Time(4)};
}

Result<InboundMessage> ReadInbound(const Stmt& s) {
  InboundMessage m;
  m.id = s.Int(0);
  m.raw_sha256 = s.Text(1);
  m.message_id = s.Text(2);
  m.received_at = s.Time(3);
  m.from_email = s.Text(4);
  m.from_name = s.Text(5);
  m.subject = s.Text(6);
  m.body = s.Text(7);
  const auto disposition = ParseInboundDisposition(s.Text(8));
  if (!disposition) return Corrupt("mail_inbound", "disposition", m.id);
  m.disposition = *disposition;
  m.reference = s.Text(9);
  m.reason = s.Text(10);
  m.detail = s.Text(11);
  m.encrypted = s.Bool(12);
  m.signature = s.Text(13);
  m.signer = s.Text(14);
  m.signature_detail = s.Text(15);
  m.needs_review = s.Text(16);
  m.raw_size = s.Int(17);
  m.handled_by = s.IsNull(18) ? 0 : s.Int(18);
  m.handled_at = s.OptTime(19);
  return m;
}

InboundAttachment ReadInboundAttachment(const Stmt& s) {
  return {.id = s.Int(0), .inbound_id = s.Int(1), .filename = s.Text(2), .content_type = s.Text(3),
          .size = s.Int(4), .sha256 = s.Text(5)};
}

}  // namespace

// ---------------------------------------------------------------------------
// The outbox.
// ---------------------------------------------------------------------------

Result<std::int64_t> SqliteMailTx::InsertOutbox(const OutboxMessage& m) {
  auto st = PrepareStatement(c_, kInsertOutbox);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindText(1, m.message_id);
  s.BindText(2, m.kind);
  s.BindText(3, m.reference);
  s.BindText(4, m.identifier);
  s.BindText(5, m.to_email);
  s.BindText(6, m.to_name);
  s.BindText(7, domain::LanguageCode(m.language));
  s.BindText(8, m.subject);
  s.BindText(9, m.body);
  s.BindBool(10, m.confidential);
  s.BindText(11, m.in_reply_to);
  s.BindText(12, m.thread_refs);
  s.BindText(13, OutboxStatusName(m.status));
  s.BindTime(14, m.next_attempt_at);
  s.BindTime(15, m.created_at);
  return s.OneInt();
}

Result<OutboxMessage> SqliteMailTx::FindOutboxBy(std::string_view sql, const std::function<void(Stmt&)>& bind) {
  auto st = PrepareStatement(c_, sql);
  if (!st) return st.error();
  bind(*st);
  return OneRow<OutboxMessage>(*st, ReadOutbox);
}

Result<OutboxMessage> SqliteMailTx::FindOutbox(std::int64_t id) {
  return FindOutboxBy(kFindOutbox, [&](Stmt& s) { s.BindInt(1, id); });
}

Result<OutboxMessage> SqliteMailTx::FindOutboxByMessageId(const std::string& message_id) {
  return FindOutboxBy(kFindOutboxByMessageId, [&](Stmt& s) { s.BindText(1, message_id); });
}

Result<OutboxMessage> SqliteMailTx::LastInThread(const std::string& reference, const std::string& to_email) {
  return FindOutboxBy(kLastInThread, [&](Stmt& s) {
    s.BindText(1, reference);
    s.BindText(2, to_email);
  });
}

Result<OutboxMessage> SqliteMailTx::ClaimDueOutbox(domain::Timestamp now, const std::string& owner,
                                                   domain::Timestamp lease_until) {
  std::int64_t id = 0;
  {
    auto st = PrepareStatement(c_, kClaimDueOutbox);
    if (!st) return st.error();
    st->BindTime(1, now);
    st->BindText(2, owner);
    st->BindTime(3, lease_until);
    auto claimed = st->OneInt();
    if (!claimed) return claimed.error();
    id = *claimed;
  }
  return FindOutbox(id);
}

Status SqliteMailTx::UpdateOutboxDelivery(const OutboxMessage& m, const std::string& owner) {
  auto st = PrepareStatement(c_, kUpdateOutboxDelivery);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, m.id);
  s.BindText(2, OutboxStatusName(m.status));
  if (m.raw) {
    s.BindBlob(3, *m.raw);
  } else {
    s.BindNull(3);
  }
  s.BindBool(4, m.encrypted);
  s.BindBool(5, m.signed_);
  s.BindInt(6, m.attempts);
  s.BindTime(7, m.next_attempt_at);
  if (m.lease_owner.empty()) {
    s.BindNull(8);
  } else {
    s.BindText(8, m.lease_owner);
  }
  s.BindOptTime(9, m.lease_until);
  s.BindText(10, m.last_error);
  s.BindOptTime(11, m.sent_at);
  s.BindText(12, owner);
  s.BindOptTime(13, m.failed_at);
  s.BindText(14, m.bounce_detail);
  return ChangedOne(s);
}

Result<std::vector<OutboxMessage>> SqliteMailTx::ListOutbox(const OutboxFilter& filter) {
  auto st = PrepareStatement(c_, kListOutbox);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindText(1, filter.reference_prefix);
  s.BindText(2, filter.to_email);
  if (filter.status) {
    s.BindText(3, OutboxStatusName(*filter.status));
  } else {
    s.BindNull(3);
  }
  s.BindInt(4, filter.limit);
  return CollectRows<OutboxMessage>(s, ReadOutbox);
}

Result<std::vector<std::pair<OutboxStatus, std::int64_t>>> SqliteMailTx::CountOutbox() {
  auto st = PrepareStatement(c_, kCountOutbox);
  if (!st) return st.error();
  using Row = std::pair<OutboxStatus, std::int64_t>;
  return CollectRows<Row>(*st, [](const Stmt& s) -> Result<Row> {
    const auto status = ParseOutboxStatus(s.Text(0));
    if (!status) return Corrupt("mail_outbox", "status", 0);
    return Row{*status, s.Int(1)};
  });
}

// ---------------------------------------------------------------------------
// Recipient keys.
// ---------------------------------------------------------------------------

Status SqliteMailTx::UpsertRecipientKey(const RecipientKey& key) {
  auto st = PrepareStatement(c_, kUpsertRecipientKey);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindText(1, key.email);
  s.BindText(2, key.fingerprint);
  s.BindText(3, key.user_ids);
  s.BindText(4, key.armored);
  s.BindTime(5, key.updated_at);
  return s.Run();
}

Result<RecipientKey> SqliteMailTx::FindRecipientKey(const std::string& email) {
  auto st = PrepareStatement(c_, kFindRecipientKey);
  if (!st) return st.error();
  st->BindText(1, email);
  return OneRow<RecipientKey>(*st, [](const Stmt& s) -> Result<RecipientKey> { return ReadRecipientKey(s); });
}

Result<std::vector<RecipientKey>> SqliteMailTx::ListRecipientKeys() {
  auto st = PrepareStatement(c_, kListRecipientKeys);
  if (!st) return st.error();
  return CollectRows<RecipientKey>(*st, ReadRecipientKey);
}

// ---------------------------------------------------------------------------
// Inbound mail.
// ---------------------------------------------------------------------------

Result<std::int64_t> SqliteMailTx::InsertInbound(const InboundMessage& m, std::string_view raw) {
  auto st = PrepareStatement(c_, kInsertInbound);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindText(1, m.raw_sha256);
  s.BindText(2, m.message_id);
  s.BindTime(3, m.received_at);
  s.BindText(4, m.from_email);
  s.BindText(5, m.from_name);
  s.BindText(6, m.subject);
  s.BindText(7, m.body);
  s.BindText(8, InboundDispositionName(m.disposition));
  s.BindText(9, m.reference);
  s.BindText(10, m.reason);
  s.BindText(11, m.detail);
  s.BindBool(12, m.encrypted);
  s.BindText(13, m.signature);
  s.BindText(14, m.signer);
  s.BindText(15, m.signature_detail);
  s.BindText(16, m.needs_review);
  s.BindBlob(17, raw);
  return s.OneInt();
}

Result<InboundMessage> SqliteMailTx::FindInbound(std::int64_t id) {
  auto st = PrepareStatement(c_, kFindInbound);
  if (!st) return st.error();
  st->BindInt(1, id);
  return OneRow<InboundMessage>(*st, ReadInbound);
}

Result<InboundMessage> SqliteMailTx::FindInboundBySha256(const std::string& raw_sha256) {
  auto st = PrepareStatement(c_, kFindInboundBySha256);
  if (!st) return st.error();
  st->BindText(1, raw_sha256);
  return OneRow<InboundMessage>(*st, ReadInbound);
}

Result<std::vector<InboundMessage>> SqliteMailTx::FindInboundByMessageId(const std::string& message_id) {
  auto st = PrepareStatement(c_, kFindInboundByMessageId);
  if (!st) return st.error();
  st->BindText(1, message_id);
  return CollectRows<InboundMessage>(*st, ReadInbound);
}

Result<std::vector<InboundMessage>> SqliteMailTx::ListInbound(const InboundFilter& filter) {
  auto st = PrepareStatement(c_, kListInbound);
  if (!st) return st.error();
  Stmt& s = *st;
  if (filter.disposition) {
    s.BindText(1, InboundDispositionName(*filter.disposition));
  } else {
    s.BindNull(1);
  }
  s.BindText(2, filter.reference_prefix);
  s.BindInt(3, filter.limit);
  return CollectRows<InboundMessage>(s, ReadInbound);
}

Status SqliteMailTx::UpdateInboundDisposition(std::int64_t id, InboundDisposition disposition,
                                              const std::string& reference, domain::UserId handled_by,
                                              domain::Timestamp handled_at) {
  auto st = PrepareStatement(c_, kUpdateInboundDisposition);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, id);
  s.BindText(2, InboundDispositionName(disposition));
  s.BindText(3, reference);
  s.BindInt(4, handled_by);
  s.BindTime(5, handled_at);
  return ChangedOne(s);
}

Result<std::string> SqliteMailTx::ReadInboundRaw(std::int64_t id) {
  auto st = PrepareStatement(c_, kReadInboundRaw);
  if (!st) return st.error();
  st->BindInt(1, id);
  return OneRow<std::string>(*st, [](const Stmt& s) -> Result<std::string> { return s.Blob(0); });
}

Result<std::int64_t> SqliteMailTx::InsertInboundAttachment(const InboundAttachment& meta, std::string_view bytes) {
  auto st = PrepareStatement(c_, kInsertInboundAttachment);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, meta.inbound_id);
  s.BindText(2, meta.filename);
  s.BindText(3, meta.content_type);
  s.BindInt(4, static_cast<std::int64_t>(bytes.size()));
  s.BindText(5, meta.sha256);
  s.BindBlob(6, bytes);
  return s.OneInt();
}

Result<std::vector<InboundAttachment>> SqliteMailTx::ListInboundAttachments(std::int64_t inbound_id) {
  auto st = PrepareStatement(c_, kListInboundAttachments);
  if (!st) return st.error();
  st->BindInt(1, inbound_id);
  return CollectRows<InboundAttachment>(*st, ReadInboundAttachment);
}

Result<InboundAttachment> SqliteMailTx::FindInboundAttachment(std::int64_t id) {
  auto st = PrepareStatement(c_, kFindInboundAttachment);
  if (!st) return st.error();
  st->BindInt(1, id);
  return OneRow<InboundAttachment>(
      *st, [](const Stmt& s) -> Result<InboundAttachment> { return ReadInboundAttachment(s); });
}

Result<std::string> SqliteMailTx::ReadInboundAttachmentBytes(std::int64_t id) {
  auto st = PrepareStatement(c_, kReadInboundAttachmentBytes);
  if (!st) return st.error();
  st->BindInt(1, id);
  return OneRow<std::string>(*st, [](const Stmt& s) -> Result<std::string> { return s.Blob(0); });
}

}  // namespace cvdhub::store::sqlite
