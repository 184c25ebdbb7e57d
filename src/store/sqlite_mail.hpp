// SQLite implementation of MailTx.
#pragma once

#include <functional>

#include "store/mail_store.hpp"
#include "store/sqlite_internal.hpp"

namespace cvdhub::store::sqlite {

class SqliteMailTx final : public MailTx {
 public:
  explicit SqliteMailTx(Connection& c) : c_(c) {}

  Result<std::int64_t> InsertOutbox(const OutboxMessage& m) override;
  Result<OutboxMessage> FindOutbox(std::int64_t id) override;
  Result<OutboxMessage> FindOutboxByMessageId(const std::string& message_id) override;
  Result<OutboxMessage> LastInThread(const std::string& reference, const std::string& to_email) override;
  Result<OutboxMessage> ClaimDueOutbox(domain::Timestamp now, const std::string& owner,
                                       domain::Timestamp lease_until) override;
  Status UpdateOutboxDelivery(const OutboxMessage& m, const std::string& owner) override;
  Result<std::vector<OutboxMessage>> ListOutbox(const OutboxFilter& filter) override;
  Result<std::vector<std::pair<OutboxStatus, std::int64_t>>> CountOutbox() override;

  Status UpsertRecipientKey(const RecipientKey& key) override;
  Result<RecipientKey> FindRecipientKey(const std::string& email) override;
  Result<std::vector<RecipientKey>> ListRecipientKeys() override;

  Result<std::int64_t> InsertInbound(const InboundMessage& m, std::string_view raw) override;
  Result<InboundMessage> FindInbound(std::int64_t id) override;
  Result<InboundMessage> FindInboundBySha256(const std::string& raw_sha256) override;
  Result<std::vector<InboundMessage>> FindInboundByMessageId(const std::string& message_id) override;
  Result<std::vector<InboundMessage>> ListInbound(const InboundFilter& filter) override;
  Status UpdateInboundDisposition(std::int64_t id, InboundDisposition disposition, const std::string& reference,
                                  domain::UserId handled_by, domain::Timestamp handled_at) override;
  Result<std::string> ReadInboundRaw(std::int64_t id) override;
  Result<std::int64_t> InsertInboundAttachment(const InboundAttachment& meta, std::string_view bytes) override;
  Result<std::vector<InboundAttachment>> ListInboundAttachments(std::int64_t inbound_id) override;
  Result<InboundAttachment> FindInboundAttachment(std::int64_t id) override;
  Result<std::string> ReadInboundAttachmentBytes(std::int64_t id) override;

 private:
  Result<OutboxMessage> FindOutboxBy(std::string_view sql, const std::function<void(Stmt&)>& bind);

  Connection& c_;
};

}  // namespace cvdhub::store::sqlite
