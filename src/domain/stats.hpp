// Statistics of the receiving and coordinating work, per quarter: reports
// received (software / website), accepted, declined by reason, advisories
// published, cases closed unresolved, unreachable-developer entries, and how
// long reports and cases took to publication. Pure computation over plain
// records: no clock (the caller says what "now" is), no I/O.
//
// Definitions (stated here once; pages and CSV files point to them):
//  - Every moment is assigned to a quarter by its calendar date in Japan (JST).
//  - Japanese fiscal quarters run April–March: "FY2026 Q1" is April–June 2026,
//    "FY2026 Q4" January–March 2027. Calendar quarters: "2026 Q1" is January–March.
//  - Durations are whole days between JST calendar dates (publication date minus
//    report date), counted in the quarter of the publication.
//  - Median: the middle value of the sorted durations; for an even count, the
//    mean of the two middle values.
//  - 90th percentile: nearest rank — the smallest duration such that at least
//    90% of the durations are at most it, i.e. the ⌈0.9·n⌉-th smallest.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/case.hpp"
#include "domain/report.hpp"

namespace cvdhub::domain {

enum class QuarterScheme { kFiscalJapan, kCalendar };
std::string_view QuarterSchemeName(QuarterScheme s);  // "fiscal" / "calendar"
std::optional<QuarterScheme> ParseQuarterScheme(std::string_view name);

// A quarter: `year` is the fiscal year (the calendar year its April falls in)
// or the calendar year; `q` is 1–4.
struct Quarter {
  int year = 0;
  int q = 1;
  friend auto operator<=>(const Quarter&, const Quarter&) = default;
};

// The quarter of a JST calendar date.
Quarter QuarterOfDate(std::chrono::sys_days jst_date, QuarterScheme scheme);
// The quarter of a moment (its JST date).
Quarter QuarterOf(Timestamp t, QuarterScheme scheme);
// First and last JST dates of a quarter.
std::chrono::sys_days QuarterFirstDay(Quarter q, QuarterScheme scheme);
std::chrono::sys_days QuarterLastDay(Quarter q, QuarterScheme scheme);
Quarter NextQuarter(Quarter q);
// "FY2026 Q1" or "2026 Q1".
std::string QuarterLabel(Quarter q, QuarterScheme scheme);

// Median and nearest-rank 90th percentile (see the top of this file); nullopt when empty.
std::optional<double> Median(std::vector<int> values);
std::optional<double> Percentile90(std::vector<int> values);

// The facts statistics are made of.
struct ReportRecord {
  ReportKind kind = ReportKind::kSoftware;
  Timestamp received_at{};
  ReportStatus status = ReportStatus::kReceived;
  std::optional<Timestamp> decided_at;
  std::optional<DeclineReason> decline_reason;
};

struct CaseRecord {
  CaseTrack track = CaseTrack::kProduct;
  std::string status;                      // cases.status
  Timestamp report_received_at{};          // of the report behind the case
  std::optional<Timestamp> initial_contact;  // earliest vendor contact (G4-1)
  std::optional<Timestamp> published_at;     // the advisory's publication
  std::optional<Timestamp> closed_at;        // closed without publication, or a closed website case
  std::optional<Timestamp> website_fixed_at; // the operator's fix report
};

struct StatsInput {
  std::vector<ReportRecord> reports;
  std::vector<CaseRecord> cases;
  std::vector<Timestamp> unreachable_listed;  // when each unreachable-developer entry was listed
};

// Summary of a list of durations in days.
struct Durations {
  int count = 0;
  std::optional<double> median;
  std::optional<double> p90;
};

struct QuarterStats {
  Quarter quarter;
  std::string label;
  std::chrono::sys_days first_day{};
  std::chrono::sys_days last_day{};
  int received_software = 0;
  int received_website = 0;
  int accepted = 0;
  std::map<DeclineReason, int> declined;  // every reason, zero included
  int declined_total = 0;
  int advisories_published = 0;
  int closed_unresolved = 0;   // product cases closed without publication (P-F)
  int closed_low_impact = 0;   // product cases closed after notifying the developer (G8-4)
  int website_fixed = 0;       // website operators' fix reports
  int unreachable_listed = 0;  // new unreachable-developer entries
  Durations report_to_publication;
  Durations contact_to_publication;
};

struct Statistics {
  QuarterScheme scheme = QuarterScheme::kFiscalJapan;
  std::vector<QuarterStats> quarters;  // oldest first, every quarter from the first with data to `until`
  QuarterStats total;                  // all quarters together (label empty)
};

// The case statuses that count as closed without publication and as closed low-impact.
inline constexpr std::string_view kClosedUnresolvedStatus = "closed_unpublished";
inline constexpr std::string_view kClosedLowImpactStatus = "closed_low_impact";

// Counts `in` per quarter of `scheme`, from the quarter of the earliest fact
// up to and including the quarter of `until` (a JST date); facts after it are
// left out. With no facts at all, the one quarter of `until`.
Statistics ComputeStatistics(const StatsInput& in, QuarterScheme scheme, std::chrono::sys_days until);

}  // namespace cvdhub::domain
