// What every use case needs: the store, the clock, the calendar, the
// configuration and the audit log. Built once at start-up.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/website.hpp"
#include "i18n/catalog.hpp"
#include "store/store.hpp"

namespace cvdhub::app {

using domain::Timestamp;

// Time is injectable so tests can move the clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock that returns a set time, optionally offset from the system clock.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp now) { now_ = now; }

 private:
  Timestamp now_;
};

// Mail (app/notifications.hpp, app/mail_*.hpp). SMTP itself is configured
// where the delivery worker is started (cli: serve --smtp …, mail deliver).
struct MailConfig {
  std::string from_address = "cvd@cvdhub.invalid";  // From: and the envelope sender (bounces come here)
  std::string from_name = "cvdhub";
  std::string intake_address;    // mail to it becomes a report; empty: any mail that is not a reply
  std::string key_dir;           // the coordinator's OpenPGP key files; empty: no key (no signing, no decryption)
  bool sign = true;              // sign outgoing mail with the coordinator's key
  std::string public_url;        // e.g. https://cvd.example.org, for links in mail; empty: no links
  std::chrono::seconds retry_base{60};                      // first retry delay, doubled per attempt …
  std::chrono::seconds retry_max = std::chrono::hours(1);   // … up to this
  std::chrono::seconds give_up_after = std::chrono::hours(24 * 5);  // then the message has failed
  std::chrono::seconds lease{180};                          // a sending worker's claim (> SMTP timeout)
  std::size_t max_inbound = 25 << 20;                       // larger inbound mail is quarantined truncated
};

struct Config {
  int ack_business_days = 5;                        // P-A
  std::size_t max_json_body = 1 << 20;              // 1 MiB
  std::size_t max_attachment = 10 << 20;            // 10 MiB
  std::chrono::seconds session_ttl = std::chrono::hours(12);
  bool secure_cookies = false;                      // set when served over TLS
  int login_attempts_per_window = 10;               // per e-mail address and per client address
  std::chrono::seconds login_window = std::chrono::minutes(15);
  MailConfig mail;
  domain::WebsiteClockSettings website;             // the ~3-month website clock (PROCESS §6)
};

// The calendar date in Japan (JST, UTC+9, no daylight saving since 1951) at `t`.
std::chrono::sys_days JstDate(Timestamp t);
// "2026-11-24 19:05 JST"
std::string FormatJst(Timestamp t);
// "2026-11-24T10:05:00Z"
std::string FormatIsoUtc(Timestamp t);

// Records reads of confidential material. Entries are buffered and written
// in batches by a background thread (at most `interval` later) so that an
// audited read costs no write transaction; Flush() writes at once.
class AuditLog {
 public:
  AuditLog(store::Store& store, std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  void Record(store::AuditEntry entry);
  void Flush();

 private:
  void Run();

  store::Store& store_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<store::AuditEntry> pending_;  // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  std::thread worker_;
};

struct Context {
  store::Store& store;
  const Clock& clock;
  const domain::BusinessCalendar& calendar;
  const i18n::Catalog& catalog;
  AuditLog& audit;
  Config config;
};

}  // namespace cvdhub::app
