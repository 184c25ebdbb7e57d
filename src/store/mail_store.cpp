#include "store/mail_store.hpp"

#include <array>
#include <utility>

namespace cvdhub::store {
namespace {

constexpr std::array<std::pair<OutboxStatus, std::string_view>, 4> kOutboxStatuses{{
    {OutboxStatus::kQueued, "queued"},
    {OutboxStatus::kSent, "sent"},
    {OutboxStatus::kFailed, "failed"},
    {OutboxStatus::kBounced, "bounced"},
}};

constexpr std::array<std::pair<InboundDisposition, std::string_view>, 6> kDispositions{{
    {InboundDisposition::kReport, "report"},
    {InboundDisposition::kReportReply, "report_reply"},
    {InboundDisposition::kCaseReply, "case_reply"},
    {InboundDisposition::kBounce, "bounce"},
    {InboundDisposition::kQuarantined, "quarantined"},
    {InboundDisposition::kDismissed, "dismissed"},
}};

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> ValueIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view OutboxStatusName(OutboxStatus status) { return NameIn(kOutboxStatuses, status); }
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name) { return ValueIn(kOutboxStatuses, name); }
std::string_view InboundDispositionName(InboundDisposition d) { return NameIn(kDispositions, d); }
std::optional<InboundDisposition> ParseInboundDisposition(std::string_view name) {
  return ValueIn(kDispositions, name);
}

}  // namespace cvdhub::store
