#include "app/context.hpp"

#include <date/date.h>
#include <spdlog/spdlog.h>

namespace cvdhub::app {

std::chrono::sys_days JstDate(Timestamp t) {
  return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9));
}

std::string FormatJst(Timestamp t) {
  return date::format("%Y-%m-%d %H:%M JST", t + std::chrono::hours(9));
}

std::string FormatIsoUtc(Timestamp t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

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
  auto st = store_.Write([&](store::Tx& tx) { return tx.AppendAudit(batch); });
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
