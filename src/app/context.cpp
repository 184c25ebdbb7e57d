#include "app/context.hpp"

#include <fmt/format.h>

#include "formats/report_json.hpp"
#include <spdlog/spdlog.h>

namespace cvdhub::app {

std::chrono::sys_days JstDate(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9));
}

namespace {

// Calendar fields of a UTC time point, without the iostream machinery of
// date::format (a case page formats hundreds of times).
struct Fields {
  int year;
  unsigned month, day, hour, minute;
};

Fields Split(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
          static_cast<unsigned>(hms.hours().count()), static_cast<unsigned>(hms.minutes().count())};
}

}  // namespace

std::string FormatJst(Timestamp t) {
  const Fields f = Split(t + std::chrono::hours(9));
  return fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d} JST", f.year, f.month, f.day, f.hour, f.minute);
}

std::string FormatIsoUtc(Timestamp t) { return formats::IsoUtc(t); }

AuditLog::AuditLog(store::Store& store, std::chrono::milliseconds interval)
    : store_(store), interval_(interval), worker_([this] { Run(); }) {}

AuditLog::~AuditLog() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
  Flush();
}

void AuditLog::Record(store::AuditEntry entry) {
  std::lock_guard lock(mu_);
  pending_.push_back(std::move(entry));
}

void AuditLog::Flush() {
  std::vector<store::AuditEntry> batch;
  {
    std::lock_guard lock(mu_);
    batch.swap(pending_);
  }
  if (batch.empty()) return;
  // The audit log shows in no cached view: its writes do not evict caches.
  auto st = store_.WriteUnversioned([&](store::Tx& tx) { return tx.AppendAudit(batch); });
  if (!st) {
    // Put them back so the next flush retries; never lose an audit entry silently.
    spdlog::error("audit flush failed: {}", st.error().internal);
    std::lock_guard lock(mu_);
    pending_.insert(pending_.begin(), batch.begin(), batch.end());
  }
}

void AuditLog::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
    lock.unlock();
    Flush();
    lock.lock();
  }
}

}  // namespace cvdhub::app
