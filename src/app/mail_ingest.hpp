// Incoming mail (`cvdhub mail ingest`, `mail fetch`): every message is kept
// (its raw bytes, decrypted text, attachments with SHA-256, signature check)
// and routed — a delivery status notification marks our message bounced, a
// reply joins its report's thread or its case's inbound list, other mail to
// the intake address becomes a report, and everything else waits in the
// quarantine queue for an analyst. Nothing is dropped silently.
#pragma once

#include <string>
#include <string_view>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "store/mail_store.hpp"

namespace cvdhub::app {

struct IngestResult {
  std::int64_t inbound_id = 0;
  store::InboundDisposition disposition = store::InboundDisposition::kQuarantined;
  std::string reference;    // "report:12", "case:3", "outbox:5" (the message that bounced)
  std::string detail;       // the intake number of a new report, or why it was quarantined
  bool duplicate = false;   // the same bytes were ingested before; nothing changed
};

// Quarantine reasons (mail_inbound.reason), shown to analysts through the catalogue key "mail.reason.<code>".
inline constexpr std::string_view kReasonUnparseable = "unparseable";
inline constexpr std::string_view kReasonTooLarge = "too_large";
inline constexpr std::string_view kReasonCannotDecrypt = "cannot_decrypt";
inline constexpr std::string_view kReasonUnmatched = "unmatched";
inline constexpr std::string_view kReasonSenderNotParty = "sender_not_party";
inline constexpr std::string_view kReasonUnknownIdentifier = "unknown_identifier";
inline constexpr std::string_view kReasonUnknownBounce = "unknown_bounce";
inline constexpr std::string_view kReasonAutoReply = "auto_reply";
inline constexpr std::string_view kReasonIntakeInvalid = "intake_invalid";

class MailIngest {
 public:
  explicit MailIngest(Context& ctx) : ctx_(ctx) {}

  // Stores and routes one RFC 5322 message. Bad input is quarantined, not an
  // error: only a failure of the store is (the MTA should then retry).
  Result<IngestResult> Ingest(std::string_view raw);

  // Routes a quarantined message as a new report, whatever it was addressed
  // to (an analyst's decision). Conflict unless it is quarantined.
  Result<IngestResult> ReleaseAsReport(const Actor& actor, std::int64_t inbound_id);

 private:
  Context& ctx_;
};

// The first report or case identifier in a subject: "IN-2026-00001",
// "JVN#12345678", "JVNVU#12345678", "WEB-2026-0001"; empty if none.
std::string FindIdentifier(std::string_view subject);

// The language of a text: Japanese when it contains kana or kanji.
domain::Language DetectLanguage(std::string_view text);

}  // namespace cvdhub::app
