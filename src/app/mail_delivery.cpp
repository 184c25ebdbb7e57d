#include "app/mail_delivery.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <sstream>

#include "app/notifications.hpp"
#include "app/security.hpp"
#include "mail/compose.hpp"

namespace cvdhub::app {
namespace {

using store::OutboxMessage;
using store::OutboxStatus;

constexpr std::string_view kMailActor = "mail";

// Records a failure on the report's or case's history, where people look.
Status RecordFailure(store::Tx& tx, const OutboxMessage& m, Timestamp now, std::string_view action) {
  auto subject = ReferenceSubject(m.reference);
  if (!subject) return {};
  return tx.AppendEvent({.subject_type = subject->first, .subject_id = subject->second, .actor_id = 0,
                         .actor_name = std::string(kMailActor), .at = now, .action = std::string(action),
                         .field = m.to_email, .to_value = m.kind});
}

void Settle(OutboxMessage& m, OutboxStatus status, Timestamp now, std::string error) {
  m.status = status;
  m.lease_owner.clear();
  m.lease_until.reset();
  m.last_error = std::move(error);
  if (status == OutboxStatus::kSent) m.sent_at = now;
  if (status == OutboxStatus::kFailed) m.failed_at = now;
}

}  // namespace

std::optional<std::pair<std::string, std::int64_t>> ReferenceSubject(std::string_view reference) {
  const std::size_t colon = reference.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view type = reference.substr(0, colon);
  std::string_view rest = reference.substr(colon + 1);
  rest = rest.substr(0, rest.find(':'));
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (ec != std::errc{} || ptr != rest.data() + rest.size() || id <= 0) return std::nullopt;
  if (type != "report" && type != "case") return std::nullopt;
  return std::make_pair(std::string(type), id);
}

std::chrono::seconds RetryDelay(int attempts, std::chrono::seconds base, std::chrono::seconds max) {
  if (attempts <= 0) return std::chrono::seconds(0);
  std::chrono::seconds delay = base;
  for (int i = 1; i < attempts && delay < max; ++i) delay *= 2;
  return std::min(delay, max);
}

MailDelivery::MailDelivery(Context& ctx, mail::SmtpTransport& transport, std::string owner)
    : ctx_(ctx), transport_(transport), owner_(std::move(owner)) {}

Result<DeliveryPass> MailDelivery::RunOnce(int max_messages) {
  DeliveryPass pass;
  const auto& cfg = ctx_.config.mail;
  for (int tried = 0; tried < max_messages; ++tried) {
    // 1. Lease the next due message and fix its bytes (once, at the first attempt).
    std::optional<OutboxMessage> claimed;
    auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
      const auto now = ctx_.clock.Now();
      auto m = tx.mail().ClaimDueOutbox(now, owner_, now + cfg.lease);
      if (!m) return m.error().code == ErrorCode::kNotFound ? Status() : Status(m.error());
      if (!m->raw) {
        std::string recipient_key;
        if (auto key = tx.mail().FindRecipientKey(m->to_email)) {
          recipient_key = key->armored;
        } else if (key.error().code != ErrorCode::kNotFound) {
          return key.error();
        }
        std::string signer;
        if (cfg.sign) {
          if (auto own = LoadCoordinatorKey(ctx_.config, /*create=*/true)) {
            signer = own->secret_armored;
          } else if (own.error().code != ErrorCode::kNotFound) {
            spdlog::warn("mail: outgoing mail is not signed: {}", own.error().internal);
          }
        }
        mail::ComposeInput in{
            .mail = {.from = {cfg.from_name, cfg.from_address},
                     .to = {m->to_name, m->to_email},
                     .subject = m->subject,
                     .message_id = m->message_id,
                     .in_reply_to = m->in_reply_to,
                     .date = now,
                     .language = m->language,
                     .text = m->body},
            .recipient_public_key = recipient_key,
            .signer_secret_key = signer,
            .boundary_token = RandomToken(12)};
        std::istringstream refs(m->thread_refs);
        for (std::string r; refs >> r;) in.mail.references.push_back(r);
        auto composed = mail::Compose(in);
        if (!composed && composed.error().field == "key") {
          if (m->confidential) {
            // Case details never go in clear to a recipient who registered a key.
            m->attempts += 1;
            Settle(*m, OutboxStatus::kFailed, now,
                   "the recipient's OpenPGP key cannot encrypt; confidential mail is never sent unencrypted");
            if (auto s = tx.mail().UpdateOutboxDelivery(*m, owner_); !s) return s;
            ++pass.failed;
            spdlog::warn("mail: outbox {} failed: {}", m->id, m->last_error);
            claimed = *m;
            return RecordFailure(tx, *m, now, "mail.failed");
          }
          in.recipient_public_key.clear();
          composed = mail::Compose(in);
          m->last_error = "sent unencrypted: the recipient's OpenPGP key cannot encrypt";
        }
        if (!composed) return composed.error();
        m->raw = std::move(composed->raw);
        m->encrypted = composed->encrypted;
        m->signed_ = composed->signed_;
        if (auto s = tx.mail().UpdateOutboxDelivery(*m, owner_); !s) return s;
      }
      claimed = std::move(*m);
      return {};
    });
    if (!st) return st.error();
    if (!claimed) break;  // nothing is due
    if (claimed->status != OutboxStatus::kQueued) continue;  // settled while composing

    // 2. Send, outside any transaction.
    const mail::SmtpOutcome outcome = transport_.Send(cfg.from_address, claimed->to_email, *claimed->raw);

    // 3. Record the outcome, if the lease is still ours.
    OutboxMessage& m = *claimed;
    st = ctx_.store.Write([&](store::Tx& tx) -> Status {
      const auto now = ctx_.clock.Now();
      m.attempts += 1;
      switch (outcome.kind) {
        case mail::SmtpOutcome::Kind::kDelivered:
          Settle(m, OutboxStatus::kSent, now, m.last_error.starts_with("sent unencrypted") ? m.last_error : "");
          break;
        case mail::SmtpOutcome::Kind::kPermanent:
          Settle(m, OutboxStatus::kFailed, now, outcome.detail);
          break;
        case mail::SmtpOutcome::Kind::kTransient:
          if (now - m.created_at >= cfg.give_up_after) {
            Settle(m, OutboxStatus::kFailed, now, "gave up after " + std::to_string(m.attempts) + " attempts: " +
                                                      outcome.detail);
          } else {
            m.next_attempt_at = now + RetryDelay(m.attempts, cfg.retry_base, cfg.retry_max);
            m.lease_owner.clear();
            m.lease_until.reset();
            m.last_error = outcome.detail;
          }
          break;
      }
      if (auto s = tx.mail().UpdateOutboxDelivery(m, owner_); !s) return s;
      if (m.status == OutboxStatus::kFailed) return RecordFailure(tx, m, now, "mail.failed");
      return {};
    });
    if (!st) {
      if (st.error().code == ErrorCode::kNotFound) {
        spdlog::warn("mail: outbox {} was re-leased while sending (lease too short for the SMTP timeout?)", m.id);
        continue;
      }
      return st.error();
    }
    switch (m.status) {
      case OutboxStatus::kSent:
        ++pass.sent;
        spdlog::info("mail: outbox {} sent{}", m.id, m.encrypted ? " (encrypted)" : "");
        break;
      case OutboxStatus::kFailed:
        ++pass.failed;
        spdlog::warn("mail: outbox {} failed: {}", m.id, m.last_error);
        break;
      default:
        ++pass.deferred;
        spdlog::info("mail: outbox {} deferred (attempt {}): {}", m.id, m.attempts, m.last_error);
        break;
    }
    if (outcome.kind == mail::SmtpOutcome::Kind::kTransient && outcome.code == 0) {
      // No SMTP reply at all: the server is down; the other messages wait for the next pass.
      pass.transport_down = true;
      break;
    }
  }
  return pass;
}

MailDeliveryWorker::MailDeliveryWorker(Context& ctx, std::unique_ptr<mail::SmtpTransport> transport,
                                       std::chrono::milliseconds poll)
    : transport_(std::move(transport)),
      delivery_(ctx, *transport_, "worker-" + RandomToken(9)),
      poll_(poll),
      thread_([this] { Run(); }) {}

MailDeliveryWorker::~MailDeliveryWorker() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void MailDeliveryWorker::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void MailDeliveryWorker::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    try {
      auto pass = delivery_.RunOnce();
      if (!pass) spdlog::error("mail: delivery pass failed: {}", pass.error().internal);
    } catch (const std::exception& e) {
      spdlog::error("mail: delivery pass failed: {}", e.what());
    }
    lock.lock();
    cv_.wait_for(lock, poll_, [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

}  // namespace cvdhub::app
