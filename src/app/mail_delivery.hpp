// Delivering the outbox: lease a due message, compose it once (encrypted to
// the recipient's key, or signed), send it over SMTP, record the outcome;
// retry with exponential backoff. A crash at any point loses nothing: the
// message stays queued and its lease runs out. A message is sent once
// unless the process dies between the server's "250" and the commit that
// records it (a window of microseconds); its fixed Message-ID then lets
// the recipient's client fold the copy.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/context.hpp"
#include "mail/smtp.hpp"

namespace cvdhub::app {

// The delay before the next attempt after `attempts` failed ones:
// base·2^(attempts−1), at most `max`.
std::chrono::seconds RetryDelay(int attempts, std::chrono::seconds base, std::chrono::seconds max);

struct DeliveryPass {
  int sent = 0;
  int deferred = 0;  // transient failure: tried again later
  int failed = 0;    // permanent failure or gave up
  bool transport_down = false;  // the SMTP server could not be reached: the pass stopped early
};

class MailDelivery {
 public:
  // `owner` names this worker in leases; it must be unique per process.
  MailDelivery(Context& ctx, mail::SmtpTransport& transport, std::string owner);

  // Sends the messages that are due now, one at a time, until none is due,
  // the server cannot be reached, or `max_messages` were tried.
  Result<DeliveryPass> RunOnce(int max_messages = 200);

 private:
  Context& ctx_;
  mail::SmtpTransport& transport_;
  std::string owner_;
};

// Runs MailDelivery in a background thread: a pass every `poll` (sooner
// after Wake()), until destroyed.
class MailDeliveryWorker {
 public:
  MailDeliveryWorker(Context& ctx, std::unique_ptr<mail::SmtpTransport> transport,
                     std::chrono::milliseconds poll = std::chrono::seconds(1));
  ~MailDeliveryWorker();
  MailDeliveryWorker(const MailDeliveryWorker&) = delete;
  MailDeliveryWorker& operator=(const MailDeliveryWorker&) = delete;

  void Wake();

 private:
  void Run();

  std::unique_ptr<mail::SmtpTransport> transport_;
  MailDelivery delivery_;
  std::chrono::milliseconds poll_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool woken_ = false;     // guarded by mu_
  std::thread thread_;
};

// "report:12" → {"report", 12}; "case:3:vendor:7" → {"case", 3}; nullopt otherwise.
std::optional<std::pair<std::string, std::int64_t>> ReferenceSubject(std::string_view reference);

}  // namespace cvdhub::app
