// Statistics (domain/stats.hpp) for the staff and for the public.
//
// The public summary says nothing about any case beyond aggregate counts, and
// guards against small numbers:
//  - only completed quarters are shown: a counter that moves from one day to
//    the next would tell when a report arrived or a case closed;
//  - a count about material that is not public (reports received, accepted,
//    declined, cases closed without publication or as low-impact, website
//    fixes) of 1 or 2 is shown as "fewer than 3" (kSuppressedCount), and no
//    total row is given (it would give the hidden cells back);
//  - durations to publication are shown only over at least 3 advisories;
//  - advisories published and unreachable-developer entries are exact: each
//    one is public anyway.
#pragma once

#include <mutex>
#include <string>

#include "app/context.hpp"
#include "app/policy.hpp"
#include "domain/stats.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

// The public threshold: smaller non-zero counts are not shown.
inline constexpr int kPublicMinimum = 3;
// A count the public sees as "fewer than kPublicMinimum" (never 1 or 2).
inline constexpr int kSuppressedCount = -1;

struct StatsView {
  domain::Statistics stats;
  bool public_view = false;       // suppressed cells hold kSuppressedCount; the total is not for display
  std::chrono::sys_days until{};  // the last JST day counted
};

class Stats {
 public:
  explicit Stats(Context& ctx) : ctx_(ctx) {}

  // Every quarter up to today (JST), exact. Staff only (Action::kViewStatistics).
  Result<StatsView> ForStaff(const Actor& actor, domain::QuarterScheme scheme);
  // Completed quarters only, small counts suppressed (see the top of this file). Anyone.
  Result<StatsView> ForPublic(domain::QuarterScheme scheme);

 private:
  Result<domain::StatsInput> ReadInput();
  Result<StatsView> Compute(domain::QuarterScheme scheme, bool public_view);

  Context& ctx_;
  // Views by (audience, scheme, day), valid while the store's generation has not moved.
  struct Cached {
    std::uint64_t generation = 0;
    StatsView view;
  };
  util::LruCache<Cached> cache_{16};
};

// Applies the public rules to one quarter's figures.
void SuppressForPublic(domain::QuarterStats& q);

}  // namespace cvdhub::app
