#include "app/stats.hpp"

#include <memory>

namespace cvdhub::app {
namespace {

using domain::QuarterStats;

void Suppress(int& n) {
  if (n > 0 && n < kPublicMinimum) n = kSuppressedCount;
}

void SuppressDurations(domain::Durations& d) {
  if (d.count >= kPublicMinimum) return;
  d.median.reset();
  d.p90.reset();
  Suppress(d.count);
}

}  // namespace

void SuppressForPublic(QuarterStats& q) {
  for (int* n : {&q.received_software, &q.received_website, &q.accepted, &q.declined_total, &q.closed_unresolved,
                 &q.closed_low_impact, &q.website_fixed}) {
    Suppress(*n);
  }
  for (auto& [reason, n] : q.declined) Suppress(n);
  // Published advisories and unreachable-developer entries are public one by one: exact.
  SuppressDurations(q.report_to_publication);
  SuppressDurations(q.contact_to_publication);
}

Result<domain::StatsInput> Stats::ReadInput() {
  domain::StatsInput in;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto reports = tx.stats().ReportRecords();
    if (!reports) return reports.error();
    in.reports = std::move(*reports);
    auto cases = tx.stats().CaseRecords();
    if (!cases) return cases.error();
    in.cases = std::move(*cases);
    auto unreachable = tx.stats().UnreachableListings();
    if (!unreachable) return unreachable.error();
    in.unreachable_listed = std::move(*unreachable);
    return {};
  });
  if (!st) return st.error();
  return in;
}

Result<StatsView> Stats::Compute(domain::QuarterScheme scheme, bool public_view) {
  const auto today = JstDate(ctx_.clock.Now());
  // The public sees completed quarters only: up to the day before the current quarter began.
  const auto until =
      public_view ? domain::QuarterFirstDay(domain::QuarterOfDate(today, scheme), scheme) - std::chrono::days(1)
                  : today;
  const std::uint64_t generation = ctx_.store.Generation();
  const std::string key = std::string(public_view ? "public:" : "staff:") +
                          std::string(domain::QuarterSchemeName(scheme)) + ":" + domain::FormatDate(until);
  if (auto hit = cache_.Get(key); hit && hit->generation == generation) return hit->view;
  auto in = ReadInput();
  if (!in) return in.error();
  StatsView view{.stats = domain::ComputeStatistics(*in, scheme, until), .public_view = public_view, .until = until};
  if (public_view) {
    for (auto& q : view.stats.quarters) SuppressForPublic(q);
    SuppressForPublic(view.stats.total);
  }
  cache_.Put(key, std::make_shared<const Cached>(Cached{.generation = generation, .view = view}));
  return view;
}

Result<StatsView> Stats::ForStaff(const Actor& actor, domain::QuarterScheme scheme) {
  if (auto st = Authorize(actor, Action::kViewStatistics); !st) return st.error();
  return Compute(scheme, false);
}

Result<StatsView> Stats::ForPublic(domain::QuarterScheme scheme) { return Compute(scheme, true); }

}  // namespace cvdhub::app
