// What people see and do with mail: the quarantine queue (intake staff),
// inbound replies to cases, delivery status per recipient, recipients'
// OpenPGP keys, and the coordinator's public key.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/context.hpp"
#include "app/mail_ingest.hpp"
#include "app/notifications.hpp"
#include "app/policy.hpp"

namespace cvdhub::app {

struct InboundView {
  store::InboundMessage message;
  std::vector<store::InboundAttachment> attachments;
};

class MailService {
 public:
  explicit MailService(Context& ctx) : ctx_(ctx), ingest_(ctx) {}

  // Stores and routes one message from the MTA (no actor: the mail system itself).
  Result<IngestResult> Ingest(std::string_view raw) { return ingest_.Ingest(raw); }

  // Quarantined messages, newest first. Intake staff only.
  Result<std::vector<store::InboundMessage>> Quarantine(const Actor& actor);
  // Inbound mail about a reference ("case:3" also lists "case:3:vendor:7"), newest first. Staff only.
  Result<std::vector<store::InboundMessage>> Inbound(const Actor& actor, const std::string& reference);
  // One inbound message with its attachments. Audited.
  Result<InboundView> ViewInbound(const Actor& actor, std::int64_t id);
  // The original bytes, as received. Audited.
  Result<std::string> InboundRaw(const Actor& actor, std::int64_t id);
  Result<std::pair<store::InboundAttachment, std::string>> InboundAttachment(const Actor& actor,
                                                                           std::int64_t attachment_id);
  // Closes a quarantined message without routing it (recorded with who and when).
  Status Dismiss(const Actor& actor, std::int64_t id);
  // Makes a quarantined message a new report.
  Result<IngestResult> ReleaseAsReport(const Actor& actor, std::int64_t id) {
    return ingest_.ReleaseAsReport(actor, id);
  }

  // Delivery records about a reference, newest first. Staff only.
  Result<std::vector<DeliveryRecord>> Deliveries(const Actor& actor, const std::string& reference);
  // Counts of outbox messages per status. Staff only.
  Result<std::vector<std::pair<std::string, std::int64_t>>> OutboxCounts(const Actor& actor);

  // Registers a recipient's public key: intake staff for any address, a
  // finder for their own account's address.
  Status SetKey(const Actor& actor, const std::string& email, const std::string& armored_public_key);
  Result<std::vector<store::RecipientKey>> Keys(const Actor& actor);

  // The coordinator's public key (armored), generated on first use. NotFound without a key directory.
  Result<std::string> CoordinatorPublicKey();

 private:
  Context& ctx_;
  MailIngest ingest_;
};

}  // namespace cvdhub::app
